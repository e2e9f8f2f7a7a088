package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A frame's hand-off waits for no timer: with every pass' timer at ten minutes, a task still
 * renders to the end, each job released by the signal of what made room for it. Against the real
 * broker and database, with the agent played by the test.
 */
@QuarkusTest
@TestProfile(EventDrivenHandOffTest.TimersAtTenMinutes.class)
class EventDrivenHandOffTest extends FarmTest {

    public static class TimersAtTenMinutes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "yuntu.task.dispatch.release-interval", "PT10M",
                    "yuntu.task.dispatch.interval", "PT10M",
                    "yuntu.task.outbox.interval", "PT10M");
        }
    }

    @Test
    void eachFinishedFrameReleasesTheNextJobWithoutAHeartbeatOrATimer() {
        String tier = farm.isolatedTier();
        // Queued by the analysis' answer: its move signals the dispatcher, which finds no agent yet.
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("signalled.ma"), "1-4", tier));
        String agent = "agent-" + UUID.randomUUID();

        // A new agent signals: its slot gets the first job.
        farm.heartbeat(agent, tier, 1, List.of());
        List<FrameJob> jobs = farm.jobs(taskId, tier, 1);
        assertThat(jobs).hasSize(1);

        for (int n = 1; n <= 4; n++) {
            FrameJob job = jobs.get(n - 1);
            farm.report(FarmDriver.started(agent, job));
            // The agent's heartbeat says its one slot is busy with this frame; the next says nothing more.
            farm.heartbeat(agent, tier, 0, List.of(job.frameId()));
            farm.awaitHeartbeat(agent, 0);
            farm.report(FarmDriver.completed(agent, job, 10));
            if (n < 4) {
                // The slot the completion freed is counted at once, and the completion's signal releases into it.
                jobs = farm.jobs(taskId, tier, n + 1);
                assertThat(jobs).as("jobs after %d frame(s) completed", n).hasSize(n + 1);
            }
        }

        api.awaitStatus(TaskApi.DEFAULT_USER, taskId, "COMPLETED");
        assertThat(jobs).extracting(j -> j.frames().start()).containsExactly(1, 2, 3, 4);
        // The completion's own records are relayed when its transaction's signal arrives, a moment after the
        // status can be read; well within the relay's ten-minute timer.
        await().atMost(Duration.ofSeconds(30)).until(() -> farm.count(
                "SELECT count(*) FROM task.outbox WHERE message_key = ?", taskId.toString()) == 0);
    }

    @Test
    void theFrameTallyAgreesWithTheFramesThemselves() {
        String tier = farm.isolatedTier();
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("tallied.ma"), "1-5", tier));
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> jobs = farm.jobs(taskId, tier, 2);
        farm.render(agent, jobs.get(0), 12.5);
        farm.fail(agent, jobs.get(1), "out of memory", true);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> statuses = api.frameStatuses(TaskApi.DEFAULT_USER, taskId);
            return statuses.contains("SUCCEEDED") && !statuses.contains("RUNNING");
        });

        assertThat(farm.count("""
                SELECT count(*) FROM (
                    (SELECT status, test, frames, seconds FROM task.frame_tally WHERE task_id = ? AND frames <> 0
                     EXCEPT
                     SELECT status, test, count(*), coalesce(sum(seconds), 0) FROM task.frame WHERE task_id = ?
                     GROUP BY status, test)
                    UNION ALL
                    (SELECT status, test, count(*), coalesce(sum(seconds), 0) FROM task.frame WHERE task_id = ?
                     GROUP BY status, test
                     EXCEPT
                     SELECT status, test, frames, seconds FROM task.frame_tally WHERE task_id = ? AND frames <> 0)) differ""",
                taskId, taskId, taskId, taskId)).as("tally rows that differ from a count of the frames").isZero();
        assertThat(farm.count("SELECT sum(frames) FROM task.frame_tally WHERE task_id = ?", taskId)).isEqualTo(5);
    }
}
