package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user's control of a running task (pause, resume, budget, retry, approve, priority) and chunks,
 * against the real broker and database, with the agent played by the test.
 */
@QuarkusTest
class TaskControlTest extends FarmTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    String tier;
    String user;
    String agent;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "control-" + UUID.randomUUID().toString().substring(0, 8);
        agent = "agent-" + UUID.randomUUID();
    }

    @Test
    void pauseTakesBackTheFramesInFlightAndStopsThemOnTheirAgentAndResumeReleasesThemAsNewAttempts() {
        UUID id = api.submitQueued(user, request("1-3"));
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 2);
        assertThat(jobs).hasSize(2);
        jobs.forEach(job -> farm.report(FarmDriver.started(agent, job)));
        await().atMost(WAIT).until(() -> api.frameStatuses(user, id).equals(List.of("RUNNING", "RUNNING", "WAITING")));

        api.command(user, id, "pause").statusCode(200).body("status", equalTo("PAUSED")).body("pauseCause", equalTo("USER"));
        assertAllWaitingWithoutFailures(id);
        List<AgentCommand> commands = farm.commands(agent, 2);
        assertThat(commands).allSatisfy(c -> {
            assertThat(c.command()).isEqualTo(AgentCommand.Command.CANCEL_FRAME);
            assertThat(c.taskId()).isEqualTo(id);
        });
        assertThat(commands).extracting(AgentCommand::frameId)
                .containsExactlyInAnyOrder(jobs.get(0).frameId(), jobs.get(1).frameId());

        // The agent killed the renderer and says so: that attempt was taken back, its report changes nothing.
        FrameFailed late = FarmDriver.failed(agent, jobs.get(0), "cancelled", true);
        farm.report(late);
        farm.awaitProcessed(late.id());
        assertAllWaitingWithoutFailures(id);
        assertThat(farm.count("SELECT count(*) FROM task.agent_failure WHERE task_id = ?", id)).isZero();
        // Paused: the agent's slots, free again, take nothing of it.
        farm.heartbeat(agent, tier, 2, List.of());
        assertThat(farm.jobsSettled(id, tier, 2)).hasSize(2);

        api.command(user, id, "resume").statusCode(200).body("status", equalTo("RENDERING")).body("pauseCause", nullValue());
        List<FrameJob> all = farm.jobsSettled(id, tier, 4);
        assertThat(all).hasSize(4);
        assertThat(all.subList(2, 4)).extracting(FrameJob::frameId).containsExactly(jobs.get(0).frameId(), jobs.get(1).frameId());
        assertThat(all.subList(2, 4)).extracting(FrameJob::attempt).containsOnly(2);
    }

    @Test
    void aBudgetPausesTheTaskBeforeItIsPassedAndOnlyARaisedBudgetResumesIt() {
        Map<String, Object> body = request("1-6");
        body.put("budget", new BigDecimal("0.012"));
        UUID id = api.submitQueued(user, body);
        farm.heartbeat(agent, tier, 6, List.of());

        // Nothing measured yet: one frame goes first, whatever the free slots.
        List<FrameJob> first = farm.jobsSettled(id, tier, 1);
        assertThat(first).hasSize(1);
        farm.heartbeat(agent, tier, 6, List.of());
        farm.render(agent, first.getFirst(), 10.0);

        // A frame of 10 s costs 0.005 CNY at 1.8 per hour: the 0.007 left pay for one more (priced with 25%
        // headroom), not for the other four. While it renders the task releases nothing more and waits.
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 2);
        assertThat(jobs).hasSize(2);
        assertThat(api.get(user, id).getString("status")).isEqualTo("RENDERING");

        // Once it is billed, 0.002 is left: no frame fits, the task pauses and its owner is told.
        farm.render(agent, jobs.get(1), 10.0);
        JsonPath paused = api.awaitStatus(user, id, "PAUSED");
        assertThat(paused.getString("pauseCause")).isEqualTo("BUDGET");
        assertThat(paused.getInt("progress.framesDone")).isEqualTo(2);
        assertThat(farm.notifications(user, n -> id.equals(n.taskId()) && Notification.Kind.TASK_BUDGET_REACHED.equals(n.kind())))
                .singleElement().satisfies(n -> {
                    assertThat(n.level()).isEqualTo(Notification.Level.WARNING);
                    assertThat(n.message()).contains("0.0100 CNY of its 0.0120 CNY budget is spent")
                            .contains("2 of 6 frames rendered").contains("render the 4 frames left");
                });
        api.command(user, id, "resume").statusCode(422).body("errors.field", hasItem("budget"));
        // 0.01 spent already.
        api.change(user, id, Map.of("budget", new BigDecimal("0.0099"))).statusCode(422).body("errors.field", hasItem("budget"));
        JsonPath unchanged = api.get(user, id);
        assertThat(unchanged.getString("status")).isEqualTo("PAUSED");
        assertThat(unchanged.getString("pauseCause")).isEqualTo("BUDGET");
        assertThat(new BigDecimal(unchanged.getString("budget"))).isEqualByComparingTo("0.012");

        api.change(user, id, Map.of("budget", new BigDecimal("1"))).statusCode(200).body("status", equalTo("RENDERING"));
        farm.heartbeat(agent, tier, 6, List.of());
        List<FrameJob> all = farm.jobsSettled(id, tier, 6);
        assertThat(all).hasSize(6);
        assertThat(all.subList(2, 6)).extracting(j -> j.frames().start()).containsExactly(3, 4, 5, 6);
    }

    @Test
    void aDeadFrameIsListedOnTheCompletedTaskAndARetryRendersItAgain() {
        UUID id = api.submitQueued(user, request("1-2"));
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 2);
        farm.fail(agent, jobs.get(0), "unknown node type aiFoo", false);
        farm.render(agent, jobs.get(1), 10.0);

        JsonPath completed = api.awaitStatus(user, id, "COMPLETED");
        assertThat(completed.getList("deadFrames")).hasSize(1);
        assertThat(completed.getInt("deadFrames[0].number")).isEqualTo(1);
        assertThat(completed.getString("deadFrames[0].layer")).isEqualTo(SceneAnalysisDouble.DEFAULT_LAYER);
        assertThat(completed.getString("deadFrames[0].reason")).contains("unknown node type aiFoo");

        api.command(user, id, "retry").statusCode(200).body("status", equalTo("RENDERING"));
        api.command(user, id, "retry").statusCode(422).body("errors.field", hasItem("frames"));
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> all = farm.jobsSettled(id, tier, 3);
        assertThat(all).hasSize(3);
        FrameJob again = all.get(2);
        assertThat(again.frameId()).isEqualTo(jobs.get(0).frameId());
        assertThat(again.attempt()).isEqualTo(2);

        farm.render(agent, again, 10.0);
        JsonPath done = api.awaitStatus(user, id, "COMPLETED");
        assertThat(done.getList("deadFrames")).isNull();
        assertThat(api.frameStatuses(user, id)).containsExactly("SUCCEEDED", "SUCCEEDED");
    }

    @Test
    void approvingATaskThatDoesNotAwaitApprovalAndAPriorityAboveHundredAreRefusedNamingTheField() {
        UUID id = api.submitQueued(user, request("1-2"));

        api.command(user, id, "approve").statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("status"));
        api.change(user, id, Map.of("priority", 101)).statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("priority"));
        JsonPath unchanged = api.get(user, id);
        assertThat(unchanged.getString("status")).isEqualTo("QUEUED");
        assertThat(unchanged.getInt("priority")).isEqualTo(50);
    }

    @Test
    void aChunkIsOneJobOfConsecutiveFramesAndItsCompletionSucceedsEachOfThem() {
        Map<String, Object> body = request("1-7");
        body.put("chunkSize", 3);
        UUID id = api.submitQueued(user, body);
        farm.heartbeat(agent, tier, 3, List.of());
        List<FrameJob> jobs = farm.jobsSettled(id, tier, 3);
        assertThat(jobs).extracting(FrameJob::frames)
                .containsExactly(new FrameRange(1, 3, 1), new FrameRange(4, 6, 1), new FrameRange(7, 7, 1));
        List<String> ids = api.frames(user, id, 0, 10).getList("items.id", String.class);
        assertThat(jobs).extracting(j -> j.frameId().toString()).as("each job names its chunk's first frame")
                .containsExactly(ids.get(0), ids.get(3), ids.get(6));

        farm.render(agent, jobs.getFirst(), 30.0);
        await().atMost(WAIT).until(() -> api.frameStatuses(user, id).equals(List.of("SUCCEEDED", "SUCCEEDED", "SUCCEEDED",
                "DISPATCHED", "DISPATCHED", "DISPATCHED", "DISPATCHED")));
        JsonPath frames = api.frames(user, id, 0, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(frames.getList("items[" + i + "].outputs.frame", Integer.class)).containsExactly(i + 1);
            assertThat(frames.getDouble("items[" + i + "].seconds")).isEqualTo(10.0);
        }

        farm.render(agent, jobs.get(1), 30.0);
        farm.render(agent, jobs.get(2), 10.0);
        JsonPath done = api.awaitStatus(user, id, "COMPLETED");
        // 70 s at 1.8 CNY per hour
        assertThat(new BigDecimal(done.getString("cost.amount"))).isEqualByComparingTo("0.035");
        assertThat(api.frames(user, id, 0, 10).getList("items.outputs.flatten().frame", Integer.class))
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aChunkRenderingOnAnAgentTakesOneOfItsSlots() {
        Map<String, Object> body = request("1-9");
        body.put("chunkSize", 3);
        UUID id = api.submitQueued(user, body);
        farm.heartbeat(agent, tier, 1, List.of());
        List<FrameJob> first = farm.jobsSettled(id, tier, 1);
        assertThat(first).hasSize(1);
        FrameStarted started = FarmDriver.started(agent, first.getFirst());
        farm.report(started);
        farm.awaitProcessed(started.id());

        // Its heartbeat names the job it renders (the chunk's first frame) and two slots free: the other two chunks go.
        farm.heartbeat(agent, tier, 2, List.of(first.getFirst().frameId()));
        assertThat(farm.jobsSettled(id, tier, 3)).hasSize(3);
    }

    private Map<String, Object> request(String frames) {
        return TaskApi.request(FileServiceStandIn.upload(user, "shot.ma"), frames, tier);
    }

    private void assertAllWaitingWithoutFailures(UUID id) {
        JsonPath frames = api.frames(user, id, 0, 10);
        assertThat(frames.getList("items.status", String.class)).containsOnly("WAITING");
        assertThat(frames.getList("items.failures", Integer.class)).containsOnly(0);
    }
}
