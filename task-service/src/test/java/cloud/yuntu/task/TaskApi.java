package cloud.yuntu.task;

import static io.restassured.RestAssured.given;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
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

    public JsonPath get(UUID id) {
        return get(DEFAULT_USER, id);
    }

    public JsonPath get(String user, UUID id) {
        return as(user).get("/api/tasks/" + id).then().statusCode(200).extract().jsonPath();
    }
}
