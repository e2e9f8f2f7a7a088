package cloud.yuntu.task.frame;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports fenced by the token of the job delivery they speak for, against the real broker and database: a job the
 * share group delivered again takes its frame over from the first holder, whose late reports then change nothing; a
 * job handed back unrun on its last delivery puts the frame back to WAITING at once, counting nothing.
 */
@QuarkusTest
class DeliveryFencingTest extends FarmTest {

    String tier;
    String user;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "fence-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRedeliveryTakesTheFrameOverAndTheFirstHoldersLateReportsChangeNothing() {
        UUID id = api.submitQueued(user, TaskApi.request(FileServiceStandIn.upload(user, "shot.ma"), "1", tier));
        String a = "agent-a-" + UUID.randomUUID();
        String b = "agent-b-" + UUID.randomUUID();
        farm.heartbeat(a, tier, 1, List.of());
        FrameJob job = farm.jobsSettled(id, tier, 1).getFirst();
        long first = FencingToken.of(job.attempt(), 1);
        long second = FencingToken.of(job.attempt(), 2);

        apply(new FrameStarted(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), a, "host-a", first));
        apply(new FrameProgress(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), a, 40.0, first));
        assertThat(holder(job)).isEqualTo(a + " " + first);

        // A stopped renewing the record (hung, cut off from the broker): the group delivers the job again, to B.
        farm.heartbeat(b, tier, 0, List.of(job.frameId()));
        apply(new FrameStarted(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), b, "host-b", second));
        assertThat(holder(job)).isEqualTo(b + " " + second);
        assertThat(api.frames(user, id, 0, 1).getString("items[0].status")).isEqualTo("RUNNING");
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE id = ? AND percent IS NULL", job.frameId()))
                .as("B's renderer has said nothing yet; A's 40% was not B's").isEqualTo(1);
        assertThat(farm.commands(a, 1)).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(AgentCommand.Command.CANCEL_FRAME);
            assertThat(c.frameId()).isEqualTo(job.frameId());
            assertThat(c.attempt()).isEqualTo(job.attempt());
            assertThat(c.fencingToken()).as("A's delivery, not B's: should the job come back to A, it renders")
                    .isEqualTo(first);
        });

        // A, back on the network, reports late: progress, a completion, and the failure its stop makes ("cancelled",
        // not retryable, which would kill the frame if it counted). None of it changes the frame.
        apply(new FrameProgress(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), a, 90.0, first));
        FrameCompleted lateCompletion = FarmDriver.completed(a, job, 50);
        apply(new FrameCompleted(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), a,
                lateCompletion.outputs(), 50, 1 << 20, first));
        apply(new FrameFailed(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), a, null, "cancelled",
                List.of(), false, first, false));
        JsonPath frame = api.frames(user, id, 0, 1);
        assertThat(frame.getString("items[0].status")).isEqualTo("RUNNING");
        assertThat(frame.getString("items[0].agentId")).isEqualTo(b);
        assertThat(frame.getInt("items[0].failures")).isZero();
        assertThat(holder(job)).isEqualTo(b + " " + second);
        assertThat(api.get(user, id).getString("status")).isEqualTo("RENDERING");

        // The new holder's own reports apply, and it is never told to stop.
        apply(new FrameCompleted(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), b,
                FarmDriver.completed(b, job, 30).outputs(), 30, 1 << 20, second));
        JsonPath done = api.awaitStatus(user, id, "COMPLETED");
        assertThat(api.frames(user, id, 0, 1).getString("items[0].agentId")).isEqualTo(b);
        assertThat(api.frames(user, id, 0, 1).getDouble("items[0].seconds")).isEqualTo(30.0);
        assertThat(done.getInt("progress.framesDone")).isEqualTo(1);
        assertThat(farm.settled(Topics.AGENT_COMMANDS, AgentCommand.class, r -> r.key().equals(b), 0, Duration.ofSeconds(2)))
                .isEmpty();
        assertThat(farm.settled(Topics.AGENT_COMMANDS, AgentCommand.class, r -> r.key().equals(a), 1, Duration.ofSeconds(1)))
                .as("one stop for A's delivery, nothing for its late reports").hasSize(1);
    }

    @Test
    void aJobHandedBackOnItsLastDeliveryWaitsAgainAtOnceWithNothingCounted() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload(user, "shot.ma"), "1", tier);
        body.put("maxAttempts", 1);
        UUID id = api.submitQueued(user, body);
        String a = "agent-a-" + UUID.randomUUID();
        farm.heartbeat(a, tier, 1, List.of());
        FrameJob job = farm.jobsSettled(id, tier, 1).getFirst();

        // The agent had no free slot on the record's fifth delivery, the last the broker allows: it hands it back.
        apply(new FrameFailed(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), a, null,
                "no free slot on delivery 5 of 5", List.of(), true, FencingToken.of(job.attempt(), 5), true));

        // Released again at once as the next attempt, not after the start timeout (10 minutes); with maxAttempts 1 a
        // counted failure would have killed the frame instead.
        FrameJob again = farm.jobs(id, tier, 2).get(1);
        assertThat(again.frameId()).isEqualTo(job.frameId());
        assertThat(again.attempt()).isEqualTo(job.attempt() + 1);
        JsonPath frame = api.frames(user, id, 0, 1);
        assertThat(frame.getInt("items[0].failures")).isZero();
        assertThat(frame.getString("items[0].lastError")).contains("agent " + a + " handed the job back unrun")
                .contains("no free slot on delivery 5 of 5");
        assertThat(farm.count("SELECT count(*) FROM task.agent_failure WHERE task_id = ?", id))
                .as("nothing counted against the agent").isZero();

        farm.render(a, again, 10);
        api.awaitStatus(user, id, "COMPLETED");
    }

    /** Sends the report and waits until task-service applied (or deliberately ignored) it. */
    private void apply(FrameEvent event) {
        farm.reportAndAwait(event);
    }

    /** The frame's agent and fencing token as the table keeps them. */
    private String holder(FrameJob job) {
        long token = farm.count("SELECT coalesce(fencing_token, -1) FROM task.frame WHERE id = ?", job.frameId());
        return api.frames(user, job.taskId(), 0, 1).getString("items[0].agentId") + " " + token;
    }
}
