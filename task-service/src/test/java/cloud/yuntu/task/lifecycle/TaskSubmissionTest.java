package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TaskSubmissionTest extends FarmTest {

    String tier;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
    }

    @Test
    void aSubmittedTaskIsAnalysedThenQueuedWithEveryFrameWaiting() {
        StoredObject scene = FileServiceStandIn.upload("artist-7", "shot_010.ma");
        Map<String, Object> body = TaskApi.request(scene, "1-10x3,20", tier);
        body.put("resolution", Map.of("width", 640, "height", 360));
        body.put("priority", 80);

        JsonPath task = api.as("artist-7").contentType(ContentType.JSON).body(body)
                .post("/api/tasks").then().statusCode(201).extract().jsonPath();

        UUID taskId = UUID.fromString(task.getString("id"));
        String sceneId = scene.key().split("/")[2];
        assertThat(taskId.toString()).as("the server chooses the task id; the scene's id is not it").isNotEqualTo(sceneId);
        assertThat(task.getString("userId")).as("the owner is the token's subject").isEqualTo("artist-7");
        assertThat(task.getString("sceneKey")).isEqualTo(scene.key());
        assertThat(task.getString("status")).as("the scene is analysed first").isIn("ANALYSING", "QUEUED");
        assertThat(task.getString("resultKeyPrefix")).matches("results/\\d{8}/" + taskId + "/");
        assertThat(task.getString("requested.frames")).isEqualTo("1-10x3,20");
        assertThat(task.getMap("$")).doesNotContainKey("frames");

        JsonPath queued = api.awaitStatus("artist-7", taskId, "QUEUED");
        assertThat(queued.getString("pool")).isEqualTo(tier);
        assertThat(queued.getString("tier")).isEqualTo(tier);
        assertThat(queued.getList("layers.name", String.class)).containsExactly(SceneAnalysisDouble.DEFAULT_LAYER);
        assertThat(queued.getString("layers[0].frames")).isEqualTo("1-10x3,20");
        assertThat(queued.getInt("progress.framesTotal")).isEqualTo(5);
        assertThat(queued.getDouble("progress.percent")).isZero();
        assertThat(queued.getString("cost.currency")).isEqualTo("CNY");
        assertThat(queued.getMap("$")).as("the view never carries the frame list").doesNotContainKey("frames");

        JsonPath frames = api.frames("artist-7", taskId, 0, 100);
        assertThat(frames.getList("items.number", Integer.class)).containsExactly(1, 4, 7, 10, 20);
        assertThat(frames.getList("items.status", String.class)).containsOnly("WAITING");
        assertThat(frames.getList("items.attempt", Integer.class)).containsOnly(0);
        assertThat(frames.getList("items.layer", String.class)).containsOnly(SceneAnalysisDouble.DEFAULT_LAYER);
        assertThat(frames.getLong("total")).isEqualTo(5);

        api.as("artist-7").get("/api/tasks").then().statusCode(200)
                .body("items.id", hasItem(taskId.toString()));
        api.as("someone-else").get("/api/tasks").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItem(taskId.toString())));
    }

    @Test
    void oneSceneServesManyTasksOfItsOwner() {
        StoredObject scene = FileServiceStandIn.upload("twice.ma");
        UUID first = api.submitQueued(TaskApi.request(scene, "1", tier));
        UUID second = api.submitQueued(TaskApi.request(scene, "2", tier));
        assertThat(second).isNotEqualTo(first);
        assertThat(api.get(second).getString("resultKeyPrefix")).endsWith("/" + second + "/")
                .isNotEqualTo(api.get(first).getString("resultKeyPrefix"));
    }

    @Test
    void aBackwardRangeNamesTheFrames() {
        invalid(TaskApi.request(FileServiceStandIn.upload("a.ma"), "10-1", tier), "frames")
                .body("errors[0].message", containsString("ends before it starts"));
    }

    @Test
    void wordsAreNotFrames() {
        invalid(TaskApi.request(FileServiceStandIn.upload("a.ma"), "abc", tier), "frames");
    }

    @Test
    void framesBeyondTheParseCapAreInvalid() {
        invalid(TaskApi.request(FileServiceStandIn.upload("a.ma"), "1-1000001", tier), "frames")
                .body("errors[0].message", containsString("more than 1000000"));
    }

    @Test
    void anUnknownTierIsNamed() {
        invalid(TaskApi.request(FileServiceStandIn.upload("a.ma"), "1-3", "quantum"), "tier");
    }

    @Test
    void aMissingSceneKeyIsNamed() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload("a.ma"), "1-3", tier);
        body.remove("sceneKey");
        invalid(body, "sceneKey");
    }

    @Test
    void aSceneFileServiceDoesNotHoldIsNamed() {
        String key = "scenes/20260101/" + UUID.randomUUID() + "/never-uploaded.ma";
        Map<String, Object> body = TaskApi.request(new StoredObject(key, 1, "", "", ""), "1-3", tier);
        invalid(body, "sceneKey").body("errors[0].message", containsString("no scene"));
    }

    @Test
    void everyFieldAtFaultIsReportedAtOnce() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload("a.ma"), "1-3", tier);
        body.put("priority", 101);
        body.put("maxAttempts", 0);
        body.put("resolution", Map.of("width", 0, "height", 720));
        body.put("outputPrefix", "../escape");
        List<String> fields = api.as(TaskApi.DEFAULT_USER).contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field", String.class);
        assertThat(fields).containsExactlyInAnyOrder("priority", "maxAttempts", "resolution.width", "outputPrefix");
    }

    @Test
    void eachRefusalNamesItsFieldAndWritesNothing() {
        Map<String, Map<String, Object>> refused = new java.util.LinkedHashMap<>();
        refused.put("frames", Map.of("frames", ""));
        refused.put("frames ", Map.of("frames", "10-1"));
        refused.put("frames  ", Map.of("frames", "1-10x0"));
        refused.put("frames   ", Map.of("frames", "1-1000001"));
        refused.put("outputPrefix", Map.of("outputPrefix", "../escape"));
        refused.put("outputPrefix ", Map.of("outputPrefix", "shots/../../escape"));
        refused.put("outputPrefix  ", Map.of("outputPrefix", "/etc/yuntu"));
        refused.put("outputPrefix   ", Map.of("outputPrefix", "C:/renders/img"));
        refused.put("outputPrefix    ", Map.of("outputPrefix", "<RenderLayer>/.hidden/img"));
        refused.put("outputPrefix     ", Map.of("outputPrefix", ".img"));
        refused.put("camera", Map.of("camera", "persp\u0000Shape"));
        refused.put("layers[1]", Map.of("layers", List.of("beauty", "fg\nERROR forged log line")));
        refused.put("layers", Map.of("layers", List.of()));
        refused.put("outputPrefix      ", Map.of("outputPrefix", "img\r"));
        refused.put("tier", Map.of("tier", "quantum"));
        for (var refusal : refused.entrySet()) {
            StoredObject scene = FileServiceStandIn.upload("refused.ma");
            Map<String, Object> body = TaskApi.request(scene, "1-3", tier);
            body.putAll(refusal.getValue());
            api.as(TaskApi.DEFAULT_USER).contentType(ContentType.JSON).body(body).post("/api/tasks")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.contains(refusal.getKey().strip()));
            assertThat(farm.count("SELECT count(*) FROM task.task WHERE scene_key = ?", scene.key()))
                    .as("nothing written for %s", refusal.getValue()).isZero();
        }
        assertThat(SceneAnalysisDouble.requests(FileServiceStandIn.upload("unused.ma").key())).isEmpty();
    }

    @Test
    void anOutputPrefixWithMayaTokensAndFoldersIsAccepted() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload("tokens.ma"), "1", tier);
        body.put("outputPrefix", "<RenderLayer>/<Camera>/shot_010_v<Version>");
        UUID id = api.submitQueued(body);
        assertThat(api.get(id).getString("layers[0].outputPrefix")).isEqualTo("<RenderLayer>/<Camera>/shot_010_v<Version>");
    }

    @Test
    void unreadableJsonIsABadRequestProblem() {
        api.as(TaskApi.DEFAULT_USER).contentType(ContentType.JSON).body("{\"frames\": \"1-3\",").post("/api/tasks")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aValueOfTheWrongTypeIsInvalidAndNamed() {
        api.as(TaskApi.DEFAULT_USER).contentType(ContentType.JSON).body("{\"frames\": [1, 2]}").post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("frames"));
    }

    @Test
    void testFramesMayBeAnArrayOfFrameNumbers() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload("listed-tests.ma"), "1-10", tier);
        body.put("testFrames", List.of(1, 5, 10));
        UUID id = api.submitQueued(body);
        assertThat(api.get(id).getString("testFrames")).isEqualTo("1,5,10");
    }

    @Test
    void testFramesOfAnotherKindAreInvalidAndNamed() {
        for (String testFrames : List.of("[1, \"x\"]", "{\"first\": 1}", "true")) {
            api.as(TaskApi.DEFAULT_USER).contentType(ContentType.JSON)
                    .body("{\"sceneKey\": \"scenes/20260101/a/b.ma\", \"testFrames\": " + testFrames + "}")
                    .post("/api/tasks")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("testFrames"));
        }
    }

    @Test
    void framesBeyondTheUsersQuotaAreTooMany() {
        api.as(TaskApi.DEFAULT_USER).contentType(ContentType.JSON)
                .body(TaskApi.request(FileServiceStandIn.upload("big.ma"), "1-100001", tier)).post("/api/tasks")
                .then().statusCode(429).contentType("application/problem+json")
                .body("type", containsString("quota-exceeded"))
                .body("errors[0].field", equalTo("frames"))
                .body("errors[0].message", containsString("at most 100000"));
    }

    @Test
    void pauseResumeAndCancelFollowTheStateMachine() {
        UUID id = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("control.ma"), "1-4", tier));

        String user = TaskApi.DEFAULT_USER;
        api.as(user).post("/api/tasks/" + id + "/resume").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("QUEUED"));
        api.as(user).post("/api/tasks/" + id + "/pause").then().statusCode(200).body("status", equalTo("PAUSED"));
        api.as(user).post("/api/tasks/" + id + "/pause").then().statusCode(409);
        api.as(user).post("/api/tasks/" + id + "/resume").then().statusCode(200).body("status", equalTo("QUEUED"));
        api.as(user).post("/api/tasks/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(api.frameStatuses(user, id)).hasSize(4).containsOnly("CANCELLED");
        api.as(user).post("/api/tasks/" + id + "/cancel").then().statusCode(409).body("type", containsString("illegal-transition"));
        api.as(user).post("/api/tasks/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
    }

    private ValidatableResponse invalid(Map<String, Object> body, String field) {
        return api.as(TaskApi.DEFAULT_USER).contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors[0].field", equalTo(field));
    }
}
