package cloud.yuntu.task;

import static io.restassured.RestAssured.given;

import cloud.yuntu.contracts.frame.StoredObject;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** task-service's REST API as a user calls it. */
public final class TaskApi {

    private TaskApi() {
    }

    public static Map<String, Object> request(StoredObject scene, String frames, String tier) {
        Map<String, Object> body = new HashMap<>();
        body.put("sceneKey", scene.key());
        body.put("frames", frames);
        body.put("renderer", "simulate");
        body.put("tier", tier);
        return body;
    }

    public static UUID submit(Map<String, Object> body) {
        String id = given().contentType(ContentType.JSON).header("X-Yuntu-User", "artist-1").body(body)
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    public static JsonPath get(UUID id) {
        return given().get("/api/tasks/" + id).then().statusCode(200).extract().jsonPath();
    }
}
