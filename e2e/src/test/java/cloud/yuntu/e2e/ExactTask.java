package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.json.TaskEventDeserializer;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a task that lived through a fault must still be when it ends: COMPLETED with every frame rendered
 * and counted once (each frame SUCCEEDED, the counts and progress exact), billed exactly what its frames'
 * renderer seconds cost by the farm's rule, each frame's image listed once among its results, and its
 * completion announced once. Everything is read from the outside (the API, the topics) and the cost is
 * worked out here, not taken from the farm.
 */
final class ExactTask {

    /** task-service's CostMeter: seconds / 3600 at 12 decimals half-up, times the price, 4 decimals half-up. */
    private static final int HOURS_SCALE = 12;
    private static final int COST_SCALE = 4;

    private ExactTask() {
    }

    static void assertExact(TaskApi api, String kafka, UUID taskId, int frames) {
        JsonPath task = api.task(taskId);
        assertThat(task.getString("status")).as("status of %s", taskId).isEqualTo("COMPLETED");

        // Numbers as doubles: RestAssured's default reads a decimal that fits a float as a float (5.023038752
        // became 5.0230388641...), and seconds are compared and summed exactly here.
        List<Map<String, Object>> list = api.framesPage(taskId, 0, 1000)
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getList("items");
        assertThat(list).as("frames of %s", taskId).hasSize(frames)
                .allSatisfy(f -> assertThat(f.get("status")).as("frame %s", f.get("number")).isEqualTo("SUCCEEDED"));
        assertThat(list.stream().map(f -> f.get("layer") + "/" + f.get("number")).distinct()).as("each frame once").hasSize(frames);
        assertThat(task.getInt("progress.framesDone")).isEqualTo(frames);
        assertThat(task.getInt("progress.framesFailed")).isZero();
        assertThat(task.getInt("progress.framesTotal")).isEqualTo(frames);
        assertThat(task.getDouble("progress.percent")).isEqualTo(100.0);

        // Each frame counts the attempt an agent reported completed, with the seconds it reported.
        Map<String, FrameCompleted> reported = FrameEventsLog.completions(kafka, taskId).stream()
                .collect(Collectors.toMap(c -> c.frameId() + "/" + c.attempt(), c -> c, (first, again) -> first));
        for (Map<String, Object> frame : list) {
            FrameCompleted completion = reported.get(frame.get("id") + "/" + frame.get("attempt"));
            assertThat(completion).as("the completion of frame %s attempt %s on farm.frame-events", frame.get("number"),
                    frame.get("attempt")).isNotNull();
            assertThat(((Number) frame.get("seconds")).doubleValue()).as("seconds of frame %s", frame.get("number"))
                    .isEqualTo(completion.seconds());
        }

        BigDecimal cost = assertCost(api, task, list);
        List<Map<String, Object>> results = assertResults(api, taskId, list);
        TaskCompleted completed = completedOnce(kafka, taskId);
        assertThat(completed.cost().amount()).as("the cost the completion announced").isEqualByComparingTo(cost);
        assertThat(completed.outputCount()).as("the outputs the completion announced").isEqualTo(results.size());
    }

    private static BigDecimal assertCost(TaskApi api, JsonPath task, List<Map<String, Object>> frames) {
        String tier = task.getString("tier");
        List<Map<String, Object>> tiers = api.request().get("/api/tiers").then().statusCode(200).extract().jsonPath()
                .getList("$");
        Map<String, Object> listed = tiers.stream().filter(t -> tier.equals(t.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("tier " + tier + " not in GET /api/tiers: " + tiers));
        BigDecimal price = new BigDecimal(listed.get("pricePerHour").toString());
        assertThat(TaskApi.decimal(task, "pricePerHour")).as("the tier's price").isEqualByComparingTo(price);

        double seconds = 0;
        for (Map<String, Object> frame : frames) {
            seconds += ((Number) frame.get("seconds")).doubleValue();
        }
        BigDecimal expected = BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), HOURS_SCALE, RoundingMode.HALF_UP)
                .multiply(price).setScale(COST_SCALE, RoundingMode.HALF_UP);
        assertThat(TaskApi.decimal(task, "cost.amount")).as("billed for %.3f renderer seconds at %s an hour", seconds, price)
                .isEqualByComparingTo(expected);
        assertThat(task.getString("cost.currency")).isEqualTo(listed.get("currency"));
        return expected;
    }

    /**
     * file-service confirms results from the frame events on its own consumer group, which may trail the
     * task's completion by seconds (longer after it or the broker restarted): awaited, then exact.
     */
    private static List<Map<String, Object>> assertResults(TaskApi api, UUID taskId, List<Map<String, Object>> frames) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.results(taskId).getList("frame").size() >= frames.size());
        List<Map<String, Object>> results = api.results(taskId).getList("$");
        assertThat(results).extracting(r -> r.get("frame")).as("one result per frame")
                .containsExactlyInAnyOrderElementsOf(frames.stream().map(f -> f.get("number")).toList());
        Set<String> counted = frames.stream().flatMap(f -> ((List<?>) f.get("outputs")).stream())
                .map(o -> (Map<?, ?>) ((Map<?, ?>) o).get("object"))
                .map(o -> o.get("key") + " " + o.get("sha256")).collect(Collectors.toSet());
        assertThat(results).extracting(r -> r.get("key") + " " + r.get("sha256")).as("the counted attempts' images")
                .containsExactlyInAnyOrderElementsOf(counted);
        return results;
    }

    /**
     * A relay may send an event twice (consumers are idempotent by its id), but one completion only may exist.
     * It leaves through task-service's outbox, a moment after the task reads COMPLETED.
     */
    private static TaskCompleted completedOnce(String kafka, UUID taskId) {
        TaskEventDeserializer deserializer = new TaskEventDeserializer();
        List<TaskCompleted>[] completions = new List[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            completions[0] = TopicLog.upToNow(kafka, Topics.TASK_EVENTS, (topic, bytes) -> deserializer.deserialize(topic, bytes),
                    event -> event instanceof TaskCompleted && taskId.equals(event.taskId()))
                    .stream().map(logged -> (TaskCompleted) logged.event()).toList();
            return !completions[0].isEmpty();
        });
        assertThat(completions[0].stream().map(TaskEvent::id).distinct()).as("completions of %s on %s", taskId,
                Topics.TASK_EVENTS).hasSize(1);
        return completions[0].getFirst();
    }
}
