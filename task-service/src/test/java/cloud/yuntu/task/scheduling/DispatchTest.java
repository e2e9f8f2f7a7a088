package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.platform.identity.JobGrant;
import cloud.yuntu.platform.identity.JobGrants;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The dispatcher and the frame-event consumer against a real broker and database, with agents played by the test. */
@QuarkusTest
class DispatchTest extends FarmTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    JobGrants grants;

    @Test
    void freeSlotsBoundTheReleaseAndFrameEventsCompleteTheTaskOnce() throws Exception {
        String tier = farm.isolatedTier();
        StoredObject scene = FileServiceStandIn.upload("shot.ma");
        UUID taskId = api.submitQueued(TaskApi.request(scene, "1-4", tier));
        String layer = api.get(taskId).getString("layers[0].name");
        String agent = "agent-" + UUID.randomUUID();

        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> first = jobsSettled(taskId, tier, 2);
        assertThat(first).hasSize(2).allSatisfy(job -> {
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(job.pool()).isEqualTo(tier);
            assertThat(job.frames().count()).isEqualTo(1);
            // what the layer renders, as the analysis found it
            assertThat(job.renderer()).isEqualTo("simulate");
            assertThat(job.layer()).isEqualTo(layer.isEmpty() ? null : layer);
            assertThat(job.resolution()).isEqualTo(new Resolution(640, 360));
            assertThat(job.imageFormat()).isEqualTo("png");
            assertThat(job.resultKeyPrefix()).matches("results/\\d{8}/" + taskId + "/");
            assertThat(job.scene().scene().sha256()).isEqualTo("a".repeat(64));
            assertThat(job.timeoutSeconds()).isEqualTo(7200);
            JobGrant grant = grants.verify(job.grant()).orElseThrow(() -> new AssertionError("job without a valid grant"));
            assertThat(grant).isEqualTo(new JobGrant(taskId, TaskApi.DEFAULT_USER, scene.key(), job.resultKeyPrefix()));
            assertThat(grant.allows("GET", scene.key())).isTrue();
            assertThat(grant.allows("PUT", job.resultKeyPrefix() + "shot.0001.png")).isTrue();
            assertThat(grant.allows("GET", "scenes/20260101/" + UUID.randomUUID() + "/other.ma")).isFalse();
        });
        assertThat(first).extracting(j -> j.frames().start()).containsExactly(1, 2);
        assertThat(api.get(taskId).getString("status")).isEqualTo("RENDERING");
        assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId)).containsExactly("DISPATCHED", "DISPATCHED", "WAITING", "WAITING");

        FrameCompleted firstCompletion = render(agent, first.get(0));
        render(agent, first.get(1));
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> all = jobsSettled(taskId, tier, 4);
        assertThat(all).extracting(j -> j.frames().start()).containsExactly(1, 2, 3, 4);
        render(agent, all.get(2));
        render(agent, all.get(3));

        JsonPath task = api.awaitStatus(TaskApi.DEFAULT_USER, taskId, "COMPLETED");
        assertThat(task.getDouble("progress.percent")).isEqualTo(100.0);
        assertThat(api.frames(TaskApi.DEFAULT_USER, taskId, 0, 10).getList("items.outputs.flatten().object.key", String.class))
                .hasSize(4);
        // 4 frames of 30 s at 1.8 CNY per node hour: 120 / 3600 * 1.8
        assertThat(new BigDecimal(task.getString("cost.amount"))).isEqualByComparingTo("0.06");

        List<TaskEvent> events = taskEventsSettled(taskId, e -> e instanceof TaskCompleted);
        assertThat(events.stream().filter(e -> e instanceof TaskCompleted)).hasSize(1);
        TaskCompleted completed = (TaskCompleted) events.stream().filter(e -> e instanceof TaskCompleted).findFirst().orElseThrow();
        assertThat(completed.outputCount()).isEqualTo(4);
        assertThat(completed.outputBytes()).isEqualTo(1001 + 1002 + 1003 + 1004);
        assertThat(completed.cost().amount()).isEqualByComparingTo("0.06");
        List<Double> percents = events.stream().filter(e -> e instanceof TaskProgress).map(e -> ((TaskProgress) e).percent()).toList();
        assertThat(percents).isSorted().last().isEqualTo(100.0);
        long progressBefore = percents.size();

        // The same event redelivered, then the agent reporting the completion once more under a new id.
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), firstCompletion);
        FrameCompleted again = new FrameCompleted(UUID.randomUUID(), Instant.now(), taskId, firstCompletion.frameId(), 1,
                agent, firstCompletion.outputs(), 99, 0);
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), again);
        await().atMost(WAIT).until(() -> farm.count("SELECT count(*) FROM task.processed_event WHERE event_id = ?", again.id()) == 1);

        List<TaskEvent> after = taskEventsSettled(taskId, e -> e instanceof TaskCompleted);
        assertThat(after.stream().filter(e -> e instanceof TaskCompleted)).hasSize(1);
        assertThat(after.stream().filter(e -> e instanceof TaskProgress)).hasSize((int) progressBefore);
        assertThat(new BigDecimal(api.get(taskId).getString("cost.amount"))).isEqualByComparingTo("0.06");
    }

    @Test
    void staleReportsAreIgnoredFailedFramesRetryAndSpentFramesAreListedOnTheCompletedTask() throws Exception {
        String tier = farm.isolatedTier();
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload("retry.ma"), "1-2", tier);
        body.put("maxAttempts", 2);
        UUID taskId = api.submitQueued(body);
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> jobs = jobsSettled(taskId, tier, 2);
        FrameJob frame1 = jobs.get(0);
        FrameJob frame2 = jobs.get(1);

        FrameCompleted fromTheFuture = completion(agent, frame1, 2);
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), fromTheFuture);
        awaitProcessed(fromTheFuture.id());
        assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId)).containsExactly("DISPATCHED", "DISPATCHED");

        farm.send(Topics.FRAME_EVENTS, taskId.toString(), started(agent, frame1));
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), failure(agent, frame1, 1, true));
        farm.heartbeat(agent, tier, 2, List.of());
        List<FrameJob> retried = jobs(taskId, tier, 3);
        FrameJob secondAttempt = retried.get(2);
        assertThat(secondAttempt.frameId()).isEqualTo(frame1.frameId());
        assertThat(secondAttempt.attempt()).isEqualTo(2);
        assertThat(frameAttempts(taskId)).containsExactly(2, 1);

        FrameCompleted late = completion(agent, frame1, 1);
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), late);
        awaitProcessed(late.id());
        assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId).getFirst()).isEqualTo("DISPATCHED");

        farm.send(Topics.FRAME_EVENTS, taskId.toString(), started(agent, secondAttempt));
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), failure(agent, secondAttempt, 2, true));
        render(agent, frame2);

        // One dead frame no longer fails a task whose other frames rendered: it completes with the frame listed.
        JsonPath task = api.awaitStatus(TaskApi.DEFAULT_USER, taskId, "COMPLETED");
        assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId)).containsExactly("DEAD", "SUCCEEDED");
        assertThat(task.getInt("progress.framesFailed")).isEqualTo(1);
        assertThat(task.getInt("deadFrames[0].number")).isEqualTo(1);
        assertThat(task.getString("deadFrames[0].reason")).contains("renderer crashed");
        assertThat(task.getList("deadFrames")).hasSize(1);
        List<TaskEvent> events = taskEventsSettled(taskId, e -> e instanceof TaskCompleted);
        assertThat(events.stream().filter(e -> e instanceof TaskCompleted)).hasSize(1);
        assertThat(events.stream().filter(e -> e instanceof TaskFailed)).isEmpty();
    }

    @Test
    void aFrameThatCannotSucceedDiesAtOnce() throws Exception {
        String tier = farm.isolatedTier();
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("broken.ma"), "5", tier));
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 1, List.of());
        FrameJob job = jobsSettled(taskId, tier, 1).getFirst();
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), started(agent, job));
        farm.send(Topics.FRAME_EVENTS, taskId.toString(), failure(agent, job, 1, false));
        api.awaitStatus(TaskApi.DEFAULT_USER, taskId, "FAILED");
        assertThat(frameAttempts(taskId)).containsExactly(1);
    }

    private FrameCompleted render(String agent, FrameJob job) {
        farm.send(Topics.FRAME_EVENTS, job.taskId().toString(), started(agent, job));
        FrameCompleted completed = completion(agent, job, job.attempt());
        farm.send(Topics.FRAME_EVENTS, job.taskId().toString(), completed);
        return completed;
    }

    private static FrameStarted started(String agent, FrameJob job) {
        return new FrameStarted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agent, "host");
    }

    private static FrameCompleted completion(String agent, FrameJob job, int attempt) {
        int frame = job.frames().start();
        String name = String.format("shot.%04d.png", frame);
        FrameOutput output = new FrameOutput(frame, name,
                new StoredObject(job.resultKeyPrefix() + name, 1000 + frame, "d".repeat(64), "e".repeat(16), "f".repeat(32)));
        return new FrameCompleted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), attempt, agent,
                List.of(output), 30, 1 << 20);
    }

    private static FrameFailed failure(String agent, FrameJob job, int attempt, boolean retryable) {
        return new FrameFailed(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), attempt, agent, 139,
                "renderer crashed", List.of("Segmentation fault"), retryable);
    }

    private void awaitProcessed(UUID eventId) {
        await().atMost(WAIT).until(() -> farm.count("SELECT count(*) FROM task.processed_event WHERE event_id = ?", eventId) == 1);
    }

    private List<Integer> frameAttempts(UUID taskId) {
        return api.frames(TaskApi.DEFAULT_USER, taskId, 0, 1000).getList("items.attempt", Integer.class);
    }

    /** Jobs of the task in the simulated renderer's lane of {@code pool}. */
    private List<FrameJob> jobs(UUID taskId, String pool, int atLeast) {
        return farm.read(Topics.frameJobs(pool, "simulate"), FrameJob.class, r -> r.key().equals(taskId.toString()),
                l -> l.size() >= atLeast, WAIT).stream().map(ConsumerRecord::value).toList();
    }

    /** The jobs once a few more dispatcher passes had the chance to release too many. */
    private List<FrameJob> jobsSettled(UUID taskId, String pool, int expected) {
        return farm.settled(Topics.frameJobs(pool, "simulate"), FrameJob.class, r -> r.key().equals(taskId.toString()), expected,
                Duration.ofSeconds(2));
    }

    private List<TaskEvent> taskEventsSettled(UUID taskId, java.util.function.Predicate<TaskEvent> awaited) {
        farm.read(Topics.TASK_EVENTS, TaskEvent.class, r -> r.key().equals(taskId.toString()) && awaited.test(r.value()),
                l -> !l.isEmpty(), WAIT);
        return farm.settled(Topics.TASK_EVENTS, TaskEvent.class, r -> r.key().equals(taskId.toString()), 1,
                Duration.ofSeconds(2));
    }
}
