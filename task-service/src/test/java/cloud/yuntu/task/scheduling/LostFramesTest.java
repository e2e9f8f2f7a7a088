package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A frame is taken back when its agent went silent against what the registry has heard from the
 * others, not against the clock: while this service's heartbeats lag (a restart, a database outage),
 * every agent looks silent by the clock. Against the real database, with the registry's times set by
 * the test (heartbeat timeout 15 s).
 */
@QuarkusTest
class LostFramesTest extends FarmTest {

    @Test
    void aFrameIsTakenBackOnlyWhenItsAgentFellSilentWhileOthersWereHeard() {
        String tier = farm.isolatedTier();
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("lost.ma"), "1", tier));
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 1, List.of());
        FrameJob job = farm.jobs(taskId, tier, 1).getFirst();
        farm.reportAndAwait(FarmDriver.started(agent, job));

        // Nothing heard from anyone for 30 s, the agent included: the registry lags, the agent is not lost.
        farm.sql("UPDATE task.agent SET heartbeat_at = now() - interval '30 seconds'");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> farm.count("SELECT count(*) FROM task.frame WHERE id = ? AND status = 'RUNNING' AND attempt = 1",
                        job.frameId()) == 1);

        // Another agent heard now: this one has been silent for 30 s of the registry's time, so it is lost.
        farm.sql("UPDATE task.agent SET heartbeat_at = now() WHERE id <> ?", agent);
        farm.heartbeat("agent-" + UUID.randomUUID(), farm.isolatedTier(), 1, List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> farm.count(
                "SELECT count(*) FROM task.frame WHERE id = ? AND status <> 'RUNNING'", job.frameId()) == 1);
        assertThat(farm.count("SELECT attempt FROM task.frame WHERE id = ?", job.frameId()))
                .as("its next attempt, if released again already").isIn(1L, 2L);
    }

    @Test
    void whenTheWholeFarmFellSilentItsFramesAreTakenBackAfterFourTimeouts() {
        String tier = farm.isolatedTier();
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("silent.ma"), "1", tier));
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 1, List.of());
        FrameJob job = farm.jobs(taskId, tier, 1).getFirst();
        farm.reportAndAwait(FarmDriver.started(agent, job));

        farm.sql("UPDATE task.agent SET heartbeat_at = now() - interval '61 seconds'");
        await().atMost(Duration.ofSeconds(30)).until(() -> farm.count(
                "SELECT count(*) FROM task.frame WHERE id = ? AND status <> 'RUNNING'", job.frameId()) == 1);
    }
}
