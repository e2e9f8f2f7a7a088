package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent that keeps failing a task's frames gets no more of them while another agent can take them. */
@QuarkusTest
class BlocklistTest extends FarmTest {

    String tier;
    String user;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "block-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anAgentWithThreeRetryableFailuresIsExcludedFromTheTasksNextJobsAndAJobItStartsAnywayIsTakenBack() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload(user, "shot.ma"), "1-6", tier);
        body.put("maxAttempts", 5);
        UUID id = api.submitQueued(user, body);
        String a = "agent-a-" + UUID.randomUUID();
        String b = "agent-b-" + UUID.randomUUID();

        farm.heartbeat(a, tier, 4, List.of());
        List<FrameJob> first = farm.jobsSettled(id, tier, 4);
        assertThat(first).hasSize(4).allSatisfy(job -> assertThat(job.excludedAgents()).isEmpty());
        // A is busy from now on and B, live in the pool, has no slot yet: nothing is released while A fails.
        farm.heartbeat(a, tier, 0, List.of());
        farm.heartbeat(b, tier, 0, List.of());
        farm.awaitHeartbeat(a, 0);
        farm.awaitHeartbeat(b, 0);

        first.subList(0, 3).forEach(job -> farm.fail(a, job, "GPU driver crashed", true));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.frames(user, id, 0, 10).getList("items.failures", Integer.class)
                .equals(List.of(1, 1, 1, 0, 0, 0)));
        assertThat(api.frameStatuses(user, id)).containsExactly("WAITING", "WAITING", "WAITING", "DISPATCHED", "WAITING",
                "WAITING");

        // A starts the job it was given before: it is stopped on A and the frame waits again, no failure counted.
        FrameStarted anyway = FarmDriver.started(a, first.get(3));
        farm.report(anyway);
        farm.awaitProcessed(anyway.id());
        assertThat(farm.commands(a, 1)).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(AgentCommand.Command.CANCEL_FRAME);
            assertThat(c.taskId()).isEqualTo(id);
            assertThat(c.frameId()).isEqualTo(first.get(3).frameId());
        });
        JsonPath frames = api.frames(user, id, 0, 10);
        assertThat(frames.getList("items.status", String.class)).containsOnly("WAITING");
        assertThat(frames.getList("items.failures", Integer.class)).containsExactly(1, 1, 1, 0, 0, 0);
        assertThat(frames.getString("items[3].lastError")).contains("blocklisted");

        farm.heartbeat(b, tier, 2, List.of());
        List<FrameJob> all = farm.jobsSettled(id, tier, 6);
        assertThat(all).hasSize(6);
        List<FrameJob> later = all.subList(4, 6);
        assertThat(later).allSatisfy(job -> assertThat(job.excludedAgents()).containsExactly(a));
        assertThat(later).extracting(j -> j.frames().start()).containsExactly(1, 2);
        assertThat(later).extracting(FrameJob::attempt).containsOnly(2);
    }
}
