package cloud.yuntu.task.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may do what with tasks: tokens, ownership, admins, agents, quotas. */
@QuarkusTest
class TaskAccessTest extends FarmTest {

    String tier;
    String alice;
    String bob;

    @BeforeEach
    void twoUsers() {
        tier = farm.isolatedTier();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        alice = "alice-" + suffix;
        bob = "bob-" + suffix;
    }

    @Test
    void everyEndpointRefusesMissingAndBadTokensAndChangesNothing() {
        StoredObject scene = FileServiceStandIn.upload(alice, "a.ma");
        UUID id = api.submitQueued(alice, TaskApi.request(scene, "1-2", tier));
        Map<String, Supplier<RequestSpecification>> callers = new LinkedHashMap<>();
        callers.put("no token", () -> given());
        callers.put("expired", () -> given().auth().oauth2(tokens.expired(alice)));
        callers.put("another key", () -> given().auth().oauth2(tokens.signedByAnotherKey(alice)));
        callers.put("alg none", () -> given().auth().oauth2(tokens.unsigned(alice)));
        callers.put("tampered", () -> given().auth().oauth2(tokens.tampered(bob, alice)));
        callers.put("not bearer", () -> given().header("Authorization", "Basic YWxpY2U6c2VjcmV0"));

        for (var caller : callers.entrySet()) {
            for (Endpoint endpoint : endpoints(id, scene)) {
                endpoint.call(caller.getValue().get())
                        .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
            }
        }
        assertThat(api.get(alice, id).getString("status")).isEqualTo("QUEUED");
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE scene_key = ?", scene.key())).isEqualTo(1);
        assertThat(farm.count("SELECT count(*) FROM task.account WHERE username = 'x'")).isZero();
    }

    @Test
    void anotherUsersTaskIsNotFoundAndStaysAsItWas() {
        UUID id = api.submitQueued(alice, TaskApi.request(FileServiceStandIn.upload(alice, "a.ma"), "1-2", tier));
        UUID missing = UUID.randomUUID();

        String[] asAnswered = {"GET /api/tasks/", "GET frames", "POST cancel", "POST pause", "POST resume", "DELETE"};
        for (String what : asAnswered) {
            var theirs = call(api.as(bob), what, id).then().statusCode(404).contentType("application/problem+json")
                    .extract().jsonPath();
            var none = call(api.as(bob), what, missing).then().statusCode(404).extract().jsonPath();
            assertThat(theirs.getString("title")).as(what).isEqualTo(none.getString("title"));
            assertThat(theirs.getString("detail")).isEqualTo("no task " + id);
        }
        api.as(bob).get("/api/tasks").then().statusCode(200).body("items.id", not(hasItem(id.toString())));

        var task = api.get(alice, id);
        assertThat(task.getString("status")).isEqualTo("QUEUED");
        assertThat(api.frameStatuses(alice, id)).hasSize(2).containsOnly("WAITING");
        assertThat(farm.count("SELECT count(*) FROM task.outbox WHERE message_key = ? AND payload::text LIKE '%PAUSED%'",
                id.toString())).isZero();
    }

    @Test
    void aForgedUserHeaderChangesNothing() {
        UUID id = api.submitQueued(alice, TaskApi.request(FileServiceStandIn.upload(alice, "a.ma"), "1", tier));
        api.as(bob).header("X-Yuntu-User", alice).get("/api/tasks/" + id).then().statusCode(404);
        api.as(bob).header("X-Yuntu-User", alice).get("/api/tasks").then().statusCode(200)
                .body("items.id", not(hasItem(id.toString())));
        api.as(bob).header("X-Yuntu-User", alice).post("/api/tasks/" + id + "/cancel").then().statusCode(404);
        given().header("X-Yuntu-User", alice).get("/api/tasks/" + id).then().statusCode(401);

        UUID bobs = api.as(bob).header("X-Yuntu-User", alice).contentType(ContentType.JSON)
                .body(TaskApi.request(FileServiceStandIn.upload(bob, "b.ma"), "1", tier)).post("/api/tasks")
                .then().statusCode(201).body("userId", equalTo(bob)).extract().jsonPath().getUUID("id");
        api.as(alice).get("/api/tasks/" + bobs).then().statusCode(404);
        assertThat(api.get(alice, id).getString("status")).isEqualTo("QUEUED");
    }

    @Test
    void anotherUsersSceneCannotBeRendered() {
        StoredObject alicesScene = FileServiceStandIn.upload(alice, "secret.ma");
        api.as(bob).contentType(ContentType.JSON).body(TaskApi.request(alicesScene, "1", tier)).post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("sceneKey"))
                .body("errors[0].message", containsString("no scene"));
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE scene_key = ?", alicesScene.key())).isZero();
    }

    @Test
    void adminsSeeAndTouchEverybodysTasks() {
        UUID alices = api.submitQueued(alice, TaskApi.request(FileServiceStandIn.upload(alice, "a.ma"), "1", tier));
        UUID bobs = api.submit(bob, TaskApi.request(FileServiceStandIn.upload(bob, "b.ma"), "1", tier));
        RequestSpecification admin = given().auth().oauth2(tokens.admin("operator"));

        List<String> listed = admin.queryParam("size", 100).get("/api/tasks").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class);
        assertThat(listed).contains(alices.toString(), bobs.toString());
        given().auth().oauth2(tokens.admin("operator")).get("/api/tasks/" + bobs).then().statusCode(200)
                .body("userId", equalTo(bob));
        given().auth().oauth2(tokens.admin("operator")).post("/api/tasks/" + alices + "/pause").then().statusCode(200)
                .body("status", equalTo("PAUSED"));
        assertThat(api.get(alice, alices).getString("status")).isEqualTo("PAUSED");
    }

    @Test
    void agentsOwnNoTasksAndSubmitNone() {
        UUID id = api.submit(alice, TaskApi.request(FileServiceStandIn.upload(alice, "a.ma"), "1", tier));
        // An agent whose id happens to be a user's name still sees nothing of that user.
        given().auth().oauth2(tokens.agent(alice)).get("/api/tasks").then().statusCode(200).body("items.size()", equalTo(0))
                .body("total", equalTo(0));
        given().auth().oauth2(tokens.agent(alice)).get("/api/tasks/" + id).then().statusCode(404);
        given().auth().oauth2(tokens.agent(alice)).contentType(ContentType.JSON)
                .body(TaskApi.request(FileServiceStandIn.upload(alice, "a.ma"), "1", tier)).post("/api/tasks")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void activeTasksBeyondTheQuotaAreTooManyUntilOneEnds() {
        String heavy = "heavy-" + UUID.randomUUID().toString().substring(0, 8);
        StoredObject scene = FileServiceStandIn.upload(heavy, "many.ma");
        UUID first = null;
        for (int i = 0; i < 20; i++) {
            UUID id = api.submit(heavy, TaskApi.request(scene, "1", tier));
            first = first == null ? id : first;
        }
        api.as(heavy).contentType(ContentType.JSON).body(TaskApi.request(scene, "1", tier)).post("/api/tasks")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", "60")
                .body("detail", containsString("20 active tasks"));
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE user_id = ?", heavy)).isEqualTo(20);

        // Somebody else is not held back by it.
        api.submit(bob, TaskApi.request(FileServiceStandIn.upload(bob, "b.ma"), "1", tier));

        api.as(heavy).post("/api/tasks/" + first + "/cancel").then().statusCode(200);
        api.submit(heavy, TaskApi.request(scene, "1", tier));
    }

    private record Endpoint(Method method, String path, Object body) {
        io.restassured.response.Response call(RequestSpecification request) {
            if (body != null) {
                request = request.contentType(ContentType.JSON).body(body);
            }
            return request.request(method, path);
        }
    }

    private List<Endpoint> endpoints(UUID id, StoredObject scene) {
        return List.of(
                new Endpoint(Method.GET, "/api/tasks", null),
                new Endpoint(Method.GET, "/api/tasks/" + id, null),
                new Endpoint(Method.GET, "/api/tasks/" + id + "/frames", null),
                new Endpoint(Method.DELETE, "/api/tasks/" + id, null),
                new Endpoint(Method.POST, "/api/tasks", TaskApi.request(scene, "1", tier)),
                new Endpoint(Method.POST, "/api/tasks/" + id + "/cancel", null),
                new Endpoint(Method.POST, "/api/tasks/" + id + "/pause", null),
                new Endpoint(Method.POST, "/api/tasks/" + id + "/resume", null),
                new Endpoint(Method.PUT, "/api/accounts/x", Map.of("admin", true, "password", "long enough password")),
                new Endpoint(Method.POST, "/api/accounts/admin/token", null));
    }

    private static io.restassured.response.Response call(RequestSpecification request, String what, UUID id) {
        return switch (what) {
            case "GET /api/tasks/" -> request.get("/api/tasks/" + id);
            case "POST cancel" -> request.post("/api/tasks/" + id + "/cancel");
            case "POST pause" -> request.post("/api/tasks/" + id + "/pause");
            case "POST resume" -> request.post("/api/tasks/" + id + "/resume");
            case "GET frames" -> request.get("/api/tasks/" + id + "/frames");
            case "DELETE" -> request.delete("/api/tasks/" + id);
            default -> throw new IllegalArgumentException(what);
        };
    }
}
