package cloud.yuntu.task.frame;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A poll's reports applied as one batch ({@link FrameReports#applyAll}) leave the farm as the same reports applied one by
 * one would: the common reports decided in memory, the others (a failure, a take-over, a start that must be stopped)
 * in between them in order, a duplicate within the batch and a replay of the whole batch changing nothing.
 */
@QuarkusTest
class FrameReportBatchTest extends FarmTest {

    @Inject
    FrameReports reports;

    String tier;
    String user;

    /** A task of {@code frames} in a pool of its own, released straight away (no test frames). */
    private UUID submit(String frames) {
        tier = farm.isolatedTier();
        user = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        return api.submitQueued(user, TaskApi.request(FileServiceStandIn.upload(user, "shot.ma"), frames, tier));
    }

    @Test
    void aBatchOfMixedReportsAppliesAsTheSameReportsOneByOne() {
        UUID id = submit("1-4");
        String a = "agent-a-" + UUID.randomUUID();
        String b = "agent-b-" + UUID.randomUUID();
        farm.heartbeat(a, tier, 4, List.of());
        List<FrameJob> jobs = new ArrayList<>(farm.jobsSettled(id, tier, 4));
        jobs.sort(Comparator.comparingInt(j -> j.frames().start()));
        FrameJob one = jobs.get(0);
        FrameJob two = jobs.get(1);
        FrameJob three = jobs.get(2);
        FrameJob four = jobs.get(3);
        long first = FencingToken.of(four.attempt(), 1);
        long second = FencingToken.of(four.attempt(), 2);

        FrameCompleted oneDone = FarmDriver.completed(a, one, 20);
        List<FrameEvent> batch = List.of(
                // Frame 1: started, half done, done; its completion delivered twice within the poll.
                FarmDriver.started(a, one),
                new FrameProgress(UUID.randomUUID(), Instant.now(), id, one.frameId(), one.attempt(), a, 50.0),
                oneDone,
                oneDone,
                // Frame 2: started, then fails (retryable): one by one, between the others.
                FarmDriver.started(a, two),
                FarmDriver.failed(a, two, "license server busy", true),
                // Frame 3: a start of an attempt that never was (stopped on its agent), then the real run.
                new FrameStarted(UUID.randomUUID(), Instant.now(), id, three.frameId(), three.attempt() + 7, a, "host-a"),
                FarmDriver.started(a, three),
                FarmDriver.completed(a, three, 40),
                // Frame 4: A starts it; the share group delivers it again to B, which takes it over and completes it;
                // A's late completion of the older delivery changes nothing.
                new FrameStarted(UUID.randomUUID(), Instant.now(), id, four.frameId(), four.attempt(), a, "host-a", first),
                new FrameStarted(UUID.randomUUID(), Instant.now(), id, four.frameId(), four.attempt(), b, "host-b", second),
                new FrameCompleted(UUID.randomUUID(), Instant.now(), id, four.frameId(), four.attempt(), b,
                        FarmDriver.completed(b, four, 30).outputs(), 30, 1 << 20, second),
                new FrameCompleted(UUID.randomUUID(), Instant.now(), id, four.frameId(), four.attempt(), a,
                        FarmDriver.completed(a, four, 99).outputs(), 99, 1 << 20, first));
        reports.applyAll(batch).await().indefinitely();

        assertThat(frame(user, id, 1)).extracting(f -> f.getString("status"), f -> f.getDouble("seconds"))
                .containsExactly("SUCCEEDED", 20.0);
        assertThat(frame(user, id, 3)).extracting(f -> f.getString("status"), f -> f.getDouble("seconds"))
                .containsExactly("SUCCEEDED", 40.0);
        assertThat(frame(user, id, 4)).extracting(f -> f.getString("status"), f -> f.getString("agentId"),
                f -> f.getDouble("seconds")).containsExactly("SUCCEEDED", b, 30.0);
        assertThat(farm.count("SELECT fencing_token FROM task.frame WHERE id = ?", four.frameId())).isEqualTo(second);
        JsonPath failed = frame(user, id, 2);
        assertThat(failed.getInt("failures")).isEqualTo(1);
        assertThat(failed.getString("lastError")).contains("license server busy");
        assertThat(farm.commands(a, 2)).extracting(AgentCommand::frameId)
                .as("A stops the attempt that never was and the delivery B took over")
                .containsExactlyInAnyOrder(three.frameId(), four.frameId());
        assertThat(api.get(user, id).getInt("progress.framesDone")).isEqualTo(3);

        // The same poll delivered again (a rebalance before the offsets were committed): nothing changes.
        reports.applyAll(batch).await().indefinitely();
        assertThat(frame(user, id, 2).getInt("failures")).isEqualTo(1);
        assertThat(frame(user, id, 4).getDouble("seconds")).isEqualTo(30.0);
        assertThat(api.get(user, id).getInt("progress.framesDone")).isEqualTo(3);

        // Frame 2's next attempt, released at once, renders; the task ends with every frame counted once.
        FrameJob again = farm.jobs(id, tier, 5).stream().filter(j -> j.frameId().equals(two.frameId()))
                .max(Comparator.comparingInt(FrameJob::attempt)).orElseThrow();
        assertThat(again.attempt()).isEqualTo(two.attempt() + 1);
        reports.applyAll(List.of(FarmDriver.started(a, again), FarmDriver.completed(a, again, 10)))
                .await().indefinitely();
        JsonPath done = api.awaitStatus(user, id, "COMPLETED");
        assertThat(done.getInt("progress.framesDone")).isEqualTo(4);
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE task_id = ? AND status = 'SUCCEEDED'", id))
                .isEqualTo(4);
    }

    @Test
    void aFullPollOfReportsAppliesInOneGo() {
        UUID id = submit("1");
        String a = "agent-a-" + UUID.randomUUID();
        farm.heartbeat(a, tier, 1, List.of());
        FrameJob job = farm.jobsSettled(id, tier, 1).getFirst();
        // As many reports as one poll brings (max.poll.records, 500): a start, progress, the completion.
        List<FrameEvent> poll = new ArrayList<>();
        poll.add(FarmDriver.started(a, job));
        for (int i = 0; i < 498; i++) {
            poll.add(new FrameProgress(UUID.randomUUID(), Instant.now(), id, job.frameId(), job.attempt(), a, i / 5.0));
        }
        poll.add(FarmDriver.completed(a, job, 12));
        reports.applyAll(poll).await().indefinitely();

        JsonPath done = api.awaitStatus(user, id, "COMPLETED");
        assertThat(done.getInt("progress.framesDone")).isEqualTo(1);
        assertThat(frame(user, id, 1).getDouble("seconds")).isEqualTo(12.0);
    }

    /** The task's frame of this number, as the API shows it. */
    private JsonPath frame(String user, UUID id, int number) {
        JsonPath page = api.frames(user, id, 0, 10);
        int index = page.getList("items.number", Integer.class).indexOf(number);
        assertThat(index).as("frame %d listed", number).isNotNegative();
        return JsonPath.from(page.prettify()).setRootPath("items[" + index + "]");
    }
}
