package cloud.yuntu.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;

/** What one user (the holder of {@code token}) does through the gateway's REST API. */
record TaskApi(String gateway, String token) {

    private static final List<String> TERMINAL = List.of("COMPLETED", "FAILED", "CANCELLED");

    RequestSpecification request() {
        return given().baseUri(gateway).auth().oauth2(token);
    }

    /** The scene belongs to this user; the server chooses its key. */
    JsonPath upload(Path scene) {
        return request().multiPart("file", scene.toFile())
                .post("/api/files/scenes")
                .then().statusCode(201).extract().jsonPath();
    }

    /**
     * Submits an uploaded scene, overriding its frames and resolution; renderer, layers and tier come
     * from the analysis. The server chooses the id.
     */
    UUID submit(String sceneKey, String frames, int width, int height) {
        return submit(Map.of("sceneKey", sceneKey, "frames", frames, "resolution", Map.of("width", width, "height", height)));
    }

    /** Submits a task description as it is; the server chooses the id. */
    UUID submit(Map<String, ?> task) {
        Response created = trySubmit(task);
        assertThat(created.statusCode()).as("POST /api/tasks %s: %s", task, created.asString()).isEqualTo(201);
        return UUID.fromString(created.jsonPath().getString("id"));
    }

    /** Submits a task description as it is, whatever the answer. */
    Response trySubmit(Map<String, ?> task) {
        return request().contentType(ContentType.JSON).body(task).post("/api/tasks");
    }

    /** Uploads the scene and submits its frames. */
    UUID submit(Path scene, String frames, int width, int height) {
        return submit(upload(scene).getString("key"), frames, width, height);
    }

    /** How many tasks this user has, over every page of the list. */
    long taskCount() {
        return request().get("/api/tasks").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    JsonPath task(UUID taskId) {
        return request().get("/api/tasks/" + taskId).then().statusCode(200).extract().jsonPath();
    }

    /** Every frame of a small task (one page of up to 1000, layer by layer, frame by frame). */
    List<Map<String, Object>> frames(UUID taskId) {
        return framesPage(taskId, 0, 1000).getList("items");
    }

    /** The task's frames in one status ({@code WAITING}, {@code DEAD}...), one page of up to 1000. */
    List<Map<String, Object>> frames(UUID taskId, String status) {
        return request().queryParam("page", 0).queryParam("size", 1000).queryParam("status", status)
                .get("/api/tasks/" + taskId + "/frames").then().statusCode(200).extract().jsonPath().getList("items");
    }

    JsonPath framesPage(UUID taskId, int page, int size) {
        return request().queryParam("page", page).queryParam("size", size)
                .get("/api/tasks/" + taskId + "/frames").then().statusCode(200).extract().jsonPath();
    }

    JsonPath results(UUID taskId) {
        return request().get("/api/files/results/" + taskId).then().statusCode(200).extract().jsonPath();
    }

    /**
     * {@code POST /api/tasks/{id}/<command>} ({@code approve}, {@code pause}, {@code resume}, {@code retry},
     * {@code cancel}), whatever the answer.
     */
    Response command(UUID taskId, String command) {
        return request().post("/api/tasks/" + taskId + "/" + command);
    }

    JsonPath approve(UUID taskId) {
        return ok(command(taskId, "approve"), "approve");
    }

    JsonPath pause(UUID taskId) {
        return ok(command(taskId, "pause"), "pause");
    }

    JsonPath retry(UUID taskId) {
        return ok(command(taskId, "retry"), "retry");
    }

    /** {@code PATCH /api/tasks/{id}} with {@code priority} and/or {@code budget}, whatever the answer. */
    Response change(UUID taskId, Map<String, ?> change) {
        return request().contentType(ContentType.JSON).body(change).patch("/api/tasks/" + taskId);
    }

    /** {@code PATCH /api/tasks/{id}}, which must be accepted: the task view after the change. */
    JsonPath patch(UUID taskId, Map<String, ?> change) {
        return ok(change(taskId, change), "PATCH " + change);
    }

    private static JsonPath ok(Response answer, String what) {
        assertThat(answer.statusCode()).as("%s: %s", what, answer.asString()).isEqualTo(200);
        return answer.jsonPath();
    }

    /** A 422 problem that names {@code field} among the fields at fault. */
    static void assertInvalid(Response answer, String field) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getList("errors.field", String.class)).as(answer.asString()).contains(field);
    }

    /** A number of a JSON document as exactly as it was written (money), or null when absent. */
    static BigDecimal decimal(JsonPath json, String path) {
        Object value = json.using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL)).get(path);
        return value == null ? null : new BigDecimal(value.toString());
    }

    /** Waits until the scene analysis answered and the task's frames exist: QUEUED, RENDERING or later. */
    JsonPath awaitAnalysed(UUID taskId, Duration timeout) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(300))
                .until(() -> !List.of("SUBMITTED", "ANALYSING").contains((last[0] = task(taskId)).getString("status")));
        return last[0];
    }

    /** Waits for {@code status}; another terminal status fails at once instead of waiting out the timeout. */
    JsonPath awaitStatus(UUID taskId, String status, Duration timeout) {
        JsonPath[] last = new JsonPath[1];
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                last[0] = task(taskId);
                String now = last[0].getString("status");
                assertThat(now).as("task status").isNotIn(TERMINAL.stream().filter(s -> !s.equals(status)).toList());
                return status.equals(now);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("task " + taskId + " not " + status + " after " + timeout + "; last seen:\n"
                    + (last[0] == null ? "(never read)" : last[0].prettify()), e);
        }
        return last[0];
    }
}
