package cloud.yuntu.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
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

    /** Submits the frames of an uploaded scene with the simulated renderer on the cpu tier; the server chooses the id. */
    UUID submit(String sceneKey, String frames, int width, int height) {
        String id = request().contentType(ContentType.JSON)
                .body(Map.of("sceneKey", sceneKey, "frames", frames, "renderer", "simulate",
                        "tier", "cpu", "resolution", Map.of("width", width, "height", height)))
                .post("/api/tasks")
                .then().statusCode(201).extract().jsonPath().getString("id");
        return UUID.fromString(id);
    }

    /** Uploads the scene and submits its frames. */
    UUID submit(Path scene, String frames, int width, int height) {
        return submit(upload(scene).getString("key"), frames, width, height);
    }

    JsonPath task(UUID taskId) {
        return request().get("/api/tasks/" + taskId).then().statusCode(200).extract().jsonPath();
    }

    List<Map<String, Object>> frames(UUID taskId) {
        return task(taskId).getList("frames");
    }

    JsonPath results(UUID taskId) {
        return request().get("/api/files/results/" + taskId).then().statusCode(200).extract().jsonPath();
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
