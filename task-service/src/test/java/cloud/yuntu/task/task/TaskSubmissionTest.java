package cloud.yuntu.task.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.task.FarmDriver;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectDatabase;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
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
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(FileServiceStandIn.class)
class TaskSubmissionTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectDatabase
    TestDatabase db;

    String tier;

    @BeforeEach
    void isolatedPool() {
        tier = new FarmDriver(broker, db).isolatedTier();
    }

    @Test
    void aSubmittedTaskIsQueuedWithEveryFrameWaiting() {
        StoredObject scene = FileServiceStandIn.upload("shot_010.ma");
        Map<String, Object> body = TaskApi.request(scene, "1-10x3,20", tier);
        body.put("resolution", Map.of("width", 640, "height", 360));
        body.put("priority", 80);

        JsonPath task = given().contentType(ContentType.JSON).header("X-Yuntu-User", "artist-7").body(body)
                .post("/api/tasks").then().statusCode(201).extract().jsonPath();

        UUID taskId = UUID.fromString(scene.key().split("/")[2]);
        assertThat(task.getString("id")).as("the task takes the id file-service gave the scene").isEqualTo(taskId.toString());
        assertThat(task.getString("userId")).isEqualTo("artist-7");
        assertThat(task.getString("status")).isEqualTo("QUEUED");
        assertThat(task.getString("pool")).isEqualTo(tier);
        assertThat(task.getString("resultKeyPrefix")).matches("results/\\d{8}/" + taskId + "/");
        assertThat(task.getList("frames.number", Integer.class)).containsExactly(1, 4, 7, 10, 20);
        assertThat(task.getList("frames.status", String.class)).containsOnly("WAITING");
        assertThat(task.getList("frames.attempt", Integer.class)).containsOnly(0);
        assertThat(task.getInt("progress.framesTotal")).isEqualTo(5);
        assertThat(task.getDouble("progress.percent")).isZero();
        assertThat(task.getString("cost.currency")).isEqualTo("CNY");

        given().header("X-Yuntu-User", "artist-7").get("/api/tasks").then().statusCode(200)
                .body("id", hasItem(taskId.toString()));
        given().header("X-Yuntu-User", "someone-else").get("/api/tasks").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem(taskId.toString())));
    }

    @Test
    void aSceneSubmittedTwiceIsAConflict() {
        StoredObject scene = FileServiceStandIn.upload("twice.ma");
        TaskApi.submit(TaskApi.request(scene, "1", tier));
        given().contentType(ContentType.JSON).body(TaskApi.request(scene, "1", tier)).post("/api/tasks")
                .then().statusCode(409).contentType("application/problem+json");
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
    void tooManyFramesAreRefused() {
        invalid(TaskApi.request(FileServiceStandIn.upload("a.ma"), "1-100001", tier), "frames")
                .body("errors[0].message", containsString("more than 100000"));
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
        invalid(body, "sceneKey").body("errors[0].message", containsString("no object"));
    }

    @Test
    void everyFieldAtFaultIsReportedAtOnce() {
        Map<String, Object> body = TaskApi.request(FileServiceStandIn.upload("a.ma"), "1-3", tier);
        body.put("priority", 101);
        body.put("maxAttempts", 0);
        body.put("resolution", Map.of("width", 0, "height", 720));
        body.put("outputPrefix", "../escape");
        List<String> fields = given().contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field", String.class);
        assertThat(fields).containsExactlyInAnyOrder("priority", "maxAttempts", "resolution.width", "outputPrefix");
    }

    @Test
    void unreadableJsonIsABadRequestProblem() {
        given().contentType(ContentType.JSON).body("{\"frames\": [1,").post("/api/tasks")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void pauseResumeAndCancelFollowTheStateMachine() {
        UUID id = TaskApi.submit(TaskApi.request(FileServiceStandIn.upload("control.ma"), "1-4", tier));

        given().post("/api/tasks/" + id + "/resume").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("QUEUED"));
        given().post("/api/tasks/" + id + "/pause").then().statusCode(200).body("status", equalTo("PAUSED"));
        given().post("/api/tasks/" + id + "/pause").then().statusCode(409);
        given().post("/api/tasks/" + id + "/resume").then().statusCode(200).body("status", equalTo("QUEUED"));
        given().post("/api/tasks/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("frames.status", org.hamcrest.Matchers.everyItem(equalTo("CANCELLED")));
        given().post("/api/tasks/" + id + "/cancel").then().statusCode(409).body("type", containsString("illegal-transition"));
        given().post("/api/tasks/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
    }

    private static ValidatableResponse invalid(Map<String, Object> body, String field) {
        return given().contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors[0].field", equalTo(field));
    }
}
