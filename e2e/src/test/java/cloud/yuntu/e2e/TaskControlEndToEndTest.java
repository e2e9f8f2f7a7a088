package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user controls of a running task, through the gateway: test frames first with an estimate
 * and an approval, a test that stops the task before it spends anything, a budget that pauses it, a
 * priority that lets a later task overtake, pause that reaches the renderer at once, retry of dead
 * frames; and an agent that keeps failing a task is blocklisted for it. Frames are few and short.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class TaskControlEndToEndTest {

    private static final Duration RENDER = Duration.ofMinutes(3);
    private static final Set<String> IN_FLIGHT = Set.of("DISPATCHED", "RUNNING");
    /** The farm's second agent; both agents take every pool's frames, 2 at a time. */
    private static final String SECOND_AGENT = "local-agent-2";
    private static final int AGENT_SLOTS = 2;
    /** {@code yuntu.task.blocklist.failures} as the farm runs it: the default. */
    private static final int BLOCKLIST_FAILURES = 3;

    static LocalFarm farm;
    static TaskApi api;
    static String kafka;

    /** Tasks the bad requests are made against, made by the first test that needs each. */
    private static UUID completedOnHigh;
    private static UUID pausedWithCost;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        api = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().user("task-control"));
        kafka = farm.broker().bootstrapServers();
    }

    @AfterAll
    static void cancelTheFixtures() {
        if (pausedWithCost != null) {
            api.command(pausedWithCost, "cancel");
        }
    }

    @Test
    void testFramesRenderFirstThenTheTaskAwaitsApprovalWithAnEstimate() throws Exception {
        UUID taskId = submit(Map.of("msPerFrame", "1500"), "1-9", Map.of("testFrames", "auto", "approveAfterTest", true));
        try {
            JsonPath awaiting = api.awaitStatus(taskId, "AWAITING_APPROVAL", RENDER);
            assertThat(awaiting.getString("testFrames")).isEqualTo("auto");
            BigDecimal estimate = TaskApi.decimal(awaiting, "estimate.cost");
            assertThat(estimate).as("estimate.cost in " + awaiting.prettify()).isNotNull().isPositive();
            assertThat(awaiting.getString("estimate.currency")).isEqualTo("CNY");
            assertThat(awaiting.getLong("estimate.seconds")).isPositive();

            // auto: the layer's first, middle and last frame, and nothing else rendered yet.
            List<Map<String, Object>> frames = api.frames(taskId);
            assertThat(frames).hasSize(9);
            List<Map<String, Object>> tests = frames.stream().filter(TaskControlEndToEndTest::isTest).toList();
            assertThat(tests).extracting(f -> f.get("number")).containsExactly(1, 5, 9);
            assertThat(tests).allSatisfy(f -> {
                assertThat(f.get("status")).as("test frame %s", f.get("number")).isEqualTo("SUCCEEDED");
                assertThat((List<?>) f.get("outputs")).as("outputs of test frame %s", f.get("number")).isNotEmpty();
            });
            assertThat(frames).filteredOn(f -> !isTest(f)).hasSize(6).allSatisfy(f -> {
                assertThat(f.get("status")).as("frame %s before the approval", f.get("number")).isEqualTo("WAITING");
                assertThat(f.get("attempt")).as("attempt of frame %s", f.get("number")).isEqualTo(0);
            });
            // The user looks at the test images before approving.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.results(taskId).getList("frame").size() >= 3);
            assertThat(api.results(taskId).getList("frame", Integer.class)).containsExactlyInAnyOrder(1, 5, 9);

            JsonPath approved = api.approve(taskId);
            assertThat(approved.getString("status")).isEqualTo("RENDERING");

            JsonPath done = api.awaitStatus(taskId, "COMPLETED", RENDER);
            assertThat(api.frames(taskId)).extracting(f -> f.get("status")).hasSize(9).containsOnly("SUCCEEDED");
            BigDecimal cost = TaskApi.decimal(done, "cost.amount");
            assertThat(cost).as("final cost").isPositive();
            double error = estimate.subtract(cost).divide(cost, MathContext.DECIMAL64).doubleValue() * 100;
            System.out.printf(Locale.ROOT, "Estimate error: %+.1f%% (estimate %s vs final %s %s)%n", error,
                    estimate.toPlainString(), cost.toPlainString(), done.getString("cost.currency"));
            assertThat(Math.abs(error)).as("estimate %s against the final cost %s, in percent", estimate, cost)
                    .isLessThan(50.0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.results(taskId).getList("frame").size() >= 9);
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void aTestFrameThatDiesFailsTheTaskBeforeAnyOtherFrameIsDispatched() throws Exception {
        UUID taskId = submit(Map.of("msPerFrame", "500", "failFrames", "1"), "1-9",
                Map.of("testFrames", "auto", "stopAfterTest", true, "maxAttempts", 1));
        try {
            api.awaitStatus(taskId, "FAILED", RENDER);

            List<Map<String, Object>> frames = api.frames(taskId);
            assertThat(frames).hasSize(9);
            assertThat(frames).filteredOn(TaskControlEndToEndTest::isTest).extracting(f -> f.get("number"))
                    .containsExactly(1, 5, 9);
            assertThat(frame(frames, 1).get("status")).as("the test frame that failed its only attempt").isEqualTo("DEAD");
            List<Map<String, Object>> others = frames.stream().filter(f -> !isTest(f)).toList();
            assertThat(others).hasSize(6).allSatisfy(f -> {
                assertThat(f.get("status")).as("frame %s", f.get("number")).isEqualTo("SKIPPED");
                assertThat(f.get("attempt")).as("attempt of frame %s", f.get("number")).isEqualTo(0);
            });

            // Never dispatched: no agent ever started one of them.
            List<FrameStarted> started = FrameEventsLog.events(kafka, taskId, FrameStarted.class);
            assertThat(started).as("the test frames started").isNotEmpty();
            List<String> otherIds = others.stream().map(f -> (String) f.get("id")).toList();
            assertThat(started).extracting(s -> s.frameId().toString()).doesNotContainAnyElementsOf(otherIds);
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void theBudgetPausesTheTaskBeforeItsCostPassesItAndARaisedBudgetFinishesIt() throws Exception {
        // high: 2.5 CNY per node hour, so a 2 s frame costs about 0.0014; the budget pays for a few of 20.
        BigDecimal budget = new BigDecimal("0.005");
        UUID taskId = submit(Map.of("msPerFrame", "2000"), "1-20", Map.of("tier", "high", "budget", budget));
        try {
            JsonPath paused = api.awaitStatus(taskId, "PAUSED", RENDER);
            assertThat(paused.getString("tier")).isEqualTo("high");
            assertThat(paused.getString("pauseCause")).isEqualTo("BUDGET");
            assertThat(TaskApi.decimal(paused, "budget")).isEqualByComparingTo(budget);

            // Frames released before the pause may still finish (and be billed): wait for them.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.frames(taskId).stream().noneMatch(f -> IN_FLIGHT.contains(f.get("status"))));
            JsonPath settled = api.task(taskId);
            assertThat(settled.getString("status")).isEqualTo("PAUSED");
            BigDecimal spent = TaskApi.decimal(settled, "cost.amount");
            assertThat(spent).as("cost of the task its budget paused").isPositive().isLessThanOrEqualTo(budget);
            int done = settled.getInt("progress.framesDone");
            assertThat(done).isPositive().isLessThan(20);
            assertThat(api.frames(taskId, "WAITING")).hasSize(20 - done);
            Thread.sleep(3000); // a task its budget paused releases nothing more
            assertThat(api.task(taskId).getInt("progress.framesDone")).isEqualTo(done);
            assertThat(api.frames(taskId)).noneMatch(f -> IN_FLIGHT.contains(f.get("status")));

            TaskApi.assertInvalid(api.command(taskId, "resume"), "budget");
            assertThat(api.task(taskId).getString("status")).as("after the refused resume").isEqualTo("PAUSED");

            JsonPath raised = api.patch(taskId, Map.of("budget", 1));
            assertThat(TaskApi.decimal(raised, "budget")).isEqualByComparingTo(BigDecimal.ONE);
            JsonPath completed = api.awaitStatus(taskId, "COMPLETED", RENDER);
            assertThat(api.frames(taskId)).extracting(f -> f.get("status")).hasSize(20).containsOnly("SUCCEEDED");
            assertThat(TaskApi.decimal(completed, "cost.amount")).isGreaterThan(spent).isLessThanOrEqualTo(BigDecimal.ONE);
            assertThat(completed.getString("pauseCause")).isNull();
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void aTaskWhosePriorityIsRaisedOvertakesAnEarlierOne() throws Exception {
        String sceneKey = api.upload(Scenes.simulating(work, Scenes.BASE, Map.of("msPerFrame", "1000"))).getString("key");
        UUID first = api.submit(task(sceneKey, "1-40", Map.of("priority", 10)));
        UUID second = null;
        try {
            api.awaitStatus(first, "RENDERING", RENDER);
            second = api.submit(task(sceneKey, "1-4", Map.of("priority", 10)));
            assertThat(api.patch(second, Map.of("priority", 90)).getInt("priority")).isEqualTo(90);

            api.awaitStatus(second, "COMPLETED", RENDER);
            List<Map<String, Object>> firstWaiting = api.frames(first, "WAITING");
            JsonPath firstNow = api.task(first);
            assertThat(firstNow.getString("status")).as("the earlier task when the later one completed")
                    .isNotEqualTo("COMPLETED");
            assertThat(firstWaiting).as("frames of the earlier task still waiting when the later one completed")
                    .isNotEmpty();
        } finally {
            api.command(first, "cancel");
            if (second != null) {
                api.command(second, "cancel");
            }
        }
    }

    @Test
    void anAgentThatKeepsFailingATaskIsBlocklistedForIt() throws Exception {
        // Enough frames that the failing agent, whichever jobs the other one takes first, meets the task
        // often enough to be blocklisted before the task is done (12 were not always: a run saw 2 failures).
        UUID taskId = submit(Map.of("msPerFrame", "300", "failOnAgents", SECOND_AGENT), "1-24", Map.of("maxAttempts", 5));
        try {
            JsonPath done = api.awaitStatus(taskId, "COMPLETED", RENDER);
            assertThat(done.getInt("progress.framesFailed")).isZero();
            List<Map<String, Object>> frames = api.frames(taskId);
            assertThat(frames).hasSize(24).allSatisfy(f -> {
                assertThat(f.get("status")).as("frame %s", f.get("number")).isEqualTo("SUCCEEDED");
                assertThat(f.get("agentId")).as("agent of frame %s", f.get("number")).isEqualTo("local-agent-1");
                assertThat(f.get("failures")).as("failures of frame %s", f.get("number")).isInstanceOf(Integer.class);
            });

            List<FrameEvent> events = FrameEventsLog.events(kafka, taskId);
            List<FrameFailed> failedOnSecond = events.stream().filter(FrameFailed.class::isInstance)
                    .map(FrameFailed.class::cast).filter(f -> SECOND_AGENT.equals(f.agentId())).toList();
            List<FrameFailed> renderFailures = failedOnSecond.stream()
                    .filter(f -> f.reason() == null || !f.reason().contains("blocklisted")).toList();
            // Enough failures to blocklist the agent, then none but those of frames it already held.
            assertThat(renderFailures).as("render failures of %s: %s", SECOND_AGENT, renderFailures)
                    .hasSizeBetween(BLOCKLIST_FAILURES, BLOCKLIST_FAILURES + AGENT_SLOTS);
            // Its failures no longer count against the frames once it is blocklisted.
            int counted = frames.stream().mapToInt(f -> ((Number) f.get("failures")).intValue()).sum();
            assertThat(counted).as("failed attempts counted against the frames")
                    .isLessThanOrEqualTo(BLOCKLIST_FAILURES + AGENT_SLOTS);

            Instant blocklisted = Stream.concat(
                            failedOnSecond.stream().filter(f -> f.reason() != null && f.reason().contains("blocklisted")),
                            Stream.of(renderFailures.get(BLOCKLIST_FAILURES - 1)))
                    .map(FrameFailed::time).min(Instant::compareTo).orElseThrow();
            assertThat(events).filteredOn(FrameCompleted.class::isInstance)
                    .filteredOn(e -> SECOND_AGENT.equals(e.agentId()) && e.time().isAfter(blocklisted))
                    .as("frames %s completed after it was blocklisted", SECOND_AGENT).isEmpty();
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void aDeadFrameIsListedOnTheCompletedTaskAndRetriedToSuccess() throws Exception {
        UUID taskId = submit(Map.of("msPerFrame", "300", "failFrames", "3", "failAttempts", "2"), "1-5",
                Map.of("maxAttempts", 2));
        try {
            JsonPath done = api.awaitStatus(taskId, "COMPLETED", RENDER);
            assertThat(done.getInt("progress.framesDone")).isEqualTo(4);
            assertThat(done.getInt("progress.framesFailed")).isEqualTo(1);
            List<Map<String, Object>> dead = api.frames(taskId, "DEAD");
            assertThat(dead).extracting(f -> f.get("number")).containsExactly(3);
            List<Map<String, Object>> deadFrames = done.getList("deadFrames");
            assertThat(deadFrames).as(done.prettify()).singleElement().satisfies(d -> {
                assertThat(d.get("layer")).isEqualTo(dead.getFirst().get("layer"));
                assertThat(d.get("number")).isEqualTo(3);
                assertThat((String) d.get("reason")).contains("simulated failure");
            });

            JsonPath retried = api.retry(taskId);
            assertThat(retried.getString("status")).isEqualTo("RENDERING");
            JsonPath again = api.awaitStatus(taskId, "COMPLETED", RENDER);
            assertThat(again.getInt("progress.framesDone")).isEqualTo(5);
            assertThat(again.getInt("progress.framesFailed")).isZero();
            assertThat(again.getList("deadFrames")).isNullOrEmpty();
            Map<String, Object> third = frame(api.frames(taskId), 3);
            assertThat(third.get("status")).isEqualTo("SUCCEEDED");
            // The scene fails frame 3 on attempts 1 and 2 only: the retry's attempt comes after them.
            assertThat((Integer) third.get("attempt")).isGreaterThan(2);
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void pauseStopsARunningFrameWithinASecond() throws Exception {
        UUID taskId = submit(Map.of("msPerFrame", "60000"), "1-2", Map.of());
        try {
            Map<String, Object>[] running = new Map[1];
            await().atMost(RENDER).pollInterval(Duration.ofMillis(200)).until(() -> (running[0] = api.frames(taskId)
                    .stream().filter(f -> "RUNNING".equals(f.get("status"))).findFirst().orElse(null)) != null);
            UUID frameId = UUID.fromString((String) running[0].get("id"));
            int attempt = (Integer) running[0].get("attempt");

            Instant asked = Instant.now();
            JsonPath paused = api.pause(taskId);
            Instant answered = Instant.now();
            assertThat(paused.getString("status")).isEqualTo("PAUSED");
            assertThat(paused.getString("pauseCause")).isEqualTo("USER");
            assertThat(frame(api.frames(taskId), frameId).get("status")).as("the running frame, taken back")
                    .isEqualTo("WAITING");

            FrameFailed[] stopped = new FrameFailed[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> (stopped[0] = FrameEventsLog.events(kafka, taskId, FrameFailed.class).stream()
                            .filter(f -> f.frameId().equals(frameId) && f.attempt() == attempt)
                            .filter(f -> "cancelled".equals(f.reason()))
                            .findFirst().orElse(null)) != null);
            Instant killed = stopped[0].time();
            System.out.printf("Pause reached the running frame in %d ms%n", Duration.between(answered, killed).toMillis());
            assertThat(killed).as("the agent's report of the killed renderer").isAfter(asked)
                    .isBeforeOrEqualTo(answered.plusMillis(1000));

            // The attempt the pause ended is nobody's failure.
            Map<String, Object> after = frame(api.frames(taskId), frameId);
            assertThat(after.get("status")).isEqualTo("WAITING");
            assertThat(after.get("failures")).isEqualTo(0);
            assertThat(api.task(taskId).getString("status")).isEqualTo("PAUSED");
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void testFramesOutsideTheTasksFramesAreRefused() throws Exception {
        String sceneKey = api.upload(Scenes.simulating(work, Scenes.BASE, Map.of("msPerFrame", "200"))).getString("key");
        long before = api.taskCount();

        TaskApi.assertInvalid(api.trySubmit(Map.of("sceneKey", sceneKey, "frames", "1-10", "testFrames", "11")),
                "testFrames");
        assertThat(api.taskCount()).as("tasks after the refused submission").isEqualTo(before);
    }

    @Test
    void approvingATaskThatDoesNotAwaitApprovalIsRefused() throws Exception {
        UUID taskId = completedOnHigh();
        Snapshot before = Snapshot.of(api.task(taskId));

        TaskApi.assertInvalid(api.command(taskId, "approve"), "status");
        assertUnchanged(taskId, before);
    }

    @Test
    void aPriorityOutsideZeroToAHundredIsRefused() throws Exception {
        UUID taskId = pausedWithCost();
        Snapshot before = Snapshot.of(api.task(taskId));

        TaskApi.assertInvalid(api.change(taskId, Map.of("priority", 101)), "priority");
        assertUnchanged(taskId, before);
    }

    @Test
    void retryingATaskWithoutDeadFramesIsRefused() throws Exception {
        UUID taskId = completedOnHigh();
        Snapshot before = Snapshot.of(api.task(taskId));

        TaskApi.assertInvalid(api.command(taskId, "retry"), "frames");
        assertUnchanged(taskId, before);
    }

    @Test
    void aBudgetBelowTheCostAlreadySpentIsRefused() throws Exception {
        BigDecimal tooLittle = new BigDecimal("0.0001");

        // A task that ended may refuse every change as a conflict (409) before it looks at the budget.
        UUID completed = completedOnHigh();
        JsonPath completedBefore = api.task(completed);
        assertThat(TaskApi.decimal(completedBefore, "cost.amount")).isGreaterThan(tooLittle);
        Response onCompleted = api.change(completed, Map.of("budget", tooLittle));
        if (onCompleted.statusCode() != 409) {
            TaskApi.assertInvalid(onCompleted, "budget");
        }
        assertUnchanged(completed, Snapshot.of(completedBefore));

        // A task that can still go on: only the budget stops the change.
        UUID paused = pausedWithCost();
        JsonPath pausedBefore = api.task(paused);
        assertThat(TaskApi.decimal(pausedBefore, "cost.amount")).isGreaterThan(tooLittle);
        TaskApi.assertInvalid(api.change(paused, Map.of("budget", tooLittle)), "budget");
        assertUnchanged(paused, Snapshot.of(pausedBefore));
    }

    /** What a refused request must leave as it was. */
    private record Snapshot(String status, int priority, BigDecimal budget) {

        static Snapshot of(JsonPath task) {
            return new Snapshot(task.getString("status"), task.getInt("priority"), TaskApi.decimal(task, "budget"));
        }
    }

    private static void assertUnchanged(UUID taskId, Snapshot before) {
        assertThat(Snapshot.of(api.task(taskId))).as("task %s after the refused request", taskId).isEqualTo(before);
    }

    /** A cheap task on tier high (two 1 s frames), rendered to the end: it cost something. */
    private UUID completedOnHigh() throws IOException {
        if (completedOnHigh == null) {
            UUID taskId = submit(Map.of("msPerFrame", "1000"), "1-2", Map.of("tier", "high"));
            api.awaitStatus(taskId, "COMPLETED", RENDER);
            completedOnHigh = taskId;
        }
        return completedOnHigh;
    }

    /** A task on tier high paused by its user once a frame rendered: it cost something and can still go on. */
    private UUID pausedWithCost() throws IOException {
        if (pausedWithCost == null) {
            UUID taskId = submit(Map.of("msPerFrame", "1000"), "1-40", Map.of("tier", "high"));
            try {
                await().atMost(RENDER).pollInterval(Duration.ofMillis(300))
                        .until(() -> !api.frames(taskId, "SUCCEEDED").isEmpty());
                api.pause(taskId);
                api.awaitStatus(taskId, "PAUSED", Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                        .until(() -> TaskApi.decimal(api.task(taskId), "cost.amount").signum() > 0);
            } catch (RuntimeException | Error e) {
                api.command(taskId, "cancel");
                throw e;
            }
            pausedWithCost = taskId;
        }
        return pausedWithCost;
    }

    /**
     * Uploads the base scene asking the simulator for {@code behaviour} and submits {@code frames} of
     * it at 160x90 with {@code options} (testFrames, budget, tier...).
     */
    private UUID submit(Map<String, String> behaviour, String frames, Map<String, ?> options) throws IOException {
        Path scene = Scenes.simulating(Files.createTempDirectory(work, "scene"), Scenes.BASE, behaviour);
        return api.submit(task(api.upload(scene).getString("key"), frames, options));
    }

    private static Map<String, Object> task(String sceneKey, String frames, Map<String, ?> options) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("sceneKey", sceneKey);
        task.put("frames", frames);
        task.put("resolution", Map.of("width", 160, "height", 90));
        task.putAll(options);
        return task;
    }

    private static boolean isTest(Map<String, Object> frame) {
        return Boolean.TRUE.equals(frame.get("test"));
    }

    private static Map<String, Object> frame(List<Map<String, Object>> frames, int number) {
        return frames.stream().filter(f -> Integer.valueOf(number).equals(f.get("number"))).findFirst()
                .orElseThrow(() -> new AssertionError("no frame " + number + " in " + frames));
    }

    private static Map<String, Object> frame(List<Map<String, Object>> frames, UUID id) {
        return frames.stream().filter(f -> id.toString().equals(f.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no frame " + id + " in " + frames));
    }
}
