package cloud.yuntu.task;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * task-service's REST API as a user calls it, with tokens of the test JVM's key (tests get
 * {@link TestTokens} injected with {@code @InjectTokens}; the instance the token resource
 * configured the application with).
 */
public final class TaskApi {

    /** The user of calls that name none; owns {@link FileServiceStandIn#upload(String)}'s scenes. */
    public static final String DEFAULT_USER = "artist-1";

    /** How long a task may take to reach a state the test waits for; tests that pass take seconds. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestTokens tokens;

    public TaskApi(TestTokens tokens) {
        this.tokens = tokens;
    }

    /** A request signed in as the user {@code user}. */
    public RequestSpecification as(String user) {
        return given().auth().oauth2(tokens.user(user));
    }

    public static Map<String, Object> request(StoredObject scene, String frames, String tier) {
        Map<String, Object> body = new HashMap<>();
        body.put("sceneKey", scene.key());
        body.put("frames", frames);
        body.put("renderer", "simulate");
        body.put("tier", tier);
        return body;
    }

    public UUID submit(Map<String, Object> body) {
        return submit(DEFAULT_USER, body);
    }

    public UUID submit(String user, Map<String, Object> body) {
        String id = as(user).contentType(ContentType.JSON).body(body)
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /**
     * Submits and waits until the scene analysis answered and queued the task. It may have moved on
     * since: with a live agent of its pool the dispatcher releases its frames (QUEUED -> RENDERING or
     * TESTING) within half a second, often before a poll saw QUEUED at all.
     */
    public UUID submitQueued(Map<String, Object> body) {
        return submitQueued(DEFAULT_USER, body);
    }

    public UUID submitQueued(String user, Map<String, Object> body) {
        UUID id = submit(user, body);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath task = get(user, id);
            String now = task.getString("status");
            if (List.of("FAILED", "CANCELLED").contains(now)) {
                throw new AssertionError("task " + id + " is " + now + " (" + task.getString("failureReason")
                        + "), waited for its analysis to queue it");
            }
            return !List.of("SUBMITTED", "ANALYSING").contains(now);
        });
        return id;
    }

    /** Waits until the task has {@code status} (the scene analysis answers asynchronously), failing at once on another final one. */
    public JsonPath awaitStatus(String user, UUID id, String status) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get(user, id);
            String now = last[0].getString("status");
            if (!now.equals(status) && List.of("COMPLETED", "FAILED", "CANCELLED").contains(now)) {
                throw new AssertionError("task " + id + " is " + now + " (" + last[0].getString("failureReason")
                        + "), waited for " + status);
            }
            return now.equals(status);
        });
        return last[0];
    }

    /** {@code POST /api/tasks/{id}/{command}}: approve, cancel, pause, resume, retry. */
    public ValidatableResponse command(String user, UUID id, String command) {
        return as(user).post("/api/tasks/" + id + "/" + command).then();
    }

    /** {@code PATCH /api/tasks/{id}} with {@code change} (priority, budget). */
    public ValidatableResponse change(String user, UUID id, Map<String, Object> change) {
        return as(user).contentType(ContentType.JSON).body(change).patch("/api/tasks/" + id).then();
    }

    /** One page of the task's frames: {@code items}, {@code total}, {@code page}, {@code size}. */
    public JsonPath frames(String user, UUID id, int page, int size) {
        return as(user).queryParam("page", page).queryParam("size", size).get("/api/tasks/" + id + "/frames")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The statuses of every frame of a small task (one page of up to 1000). */
    public List<String> frameStatuses(String user, UUID id) {
        return frames(user, id, 0, 1000).getList("items.status", String.class);
    }

    public JsonPath get(UUID id) {
        return get(DEFAULT_USER, id);
    }

    public JsonPath get(String user, UUID id) {
        return as(user).get("/api/tasks/" + id).then().statusCode(200).extract().jsonPath();
    }
}
