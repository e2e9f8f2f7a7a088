package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.scene.SceneAnalysisFailed;
import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task is planned from scene-service's answer: layers, overrides, missing files, failures, duplicates. */
@QuarkusTest
class TaskAnalysisTest extends FarmTest {

    private static final String USER = TaskApi.DEFAULT_USER;

    private static final SceneReport.Layer BEAUTY = SceneAnalysisDouble.layer("beauty", "arnold", 1, 24, 1, 1920, 1080);
    private static final SceneReport.Layer FG = new SceneReport.Layer("fg", true, "simulate", new SceneReport.Frames(10, 50, 5),
            "<Scene>_fg", "exr", new SceneReport.Resolution(1280, 720), List.of("shotCam"));
    private static final SceneReport.Layer OFF = new SceneReport.Layer("notRendered", false, "arnold",
            new SceneReport.Frames(1, 5, 1), null, "png", new SceneReport.Resolution(640, 360), List.of("persp"));

    String tier;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
    }

    @Test
    void everyRenderableLayerOfTheReportBecomesALayerWithItsFrames() {
        StoredObject scene = FileServiceStandIn.upload("layers.ma");
        SceneAnalysisDouble.answer(scene.key(), SceneAnalysisDouble.report(BEAUTY, FG, OFF));

        UUID id = api.submitQueued(onlyTheScene(scene));

        JsonPath task = api.get(id);
        assertThat(task.getList("layers.name", String.class)).containsExactly("beauty", "fg");
        assertThat(task.getString("layers[0].renderer")).isEqualTo("arnold");
        assertThat(task.getString("layers[0].frames")).isEqualTo("1-24");
        assertThat(task.getInt("layers[0].resolution.width")).isEqualTo(1920);
        assertThat(task.getString("layers[0].camera")).isEqualTo("persp");
        assertThat(task.getString("layers[1].renderer")).isEqualTo("simulate");
        assertThat(task.getString("layers[1].frames")).isEqualTo("10-50x5");
        assertThat(task.getString("layers[1].imageFormat")).isEqualTo("exr");
        assertThat(task.getString("layers[1].outputPrefix")).isEqualTo("<Scene>_fg");
        assertThat(task.getString("layers[1].camera")).isEqualTo("shotCam");
        assertThat(task.getInt("layers[1].framesTotal")).isEqualTo(9);
        assertThat(task.getInt("progress.framesTotal")).isEqualTo(33);
        assertThat(task.getList("missingDependencies")).isEmpty();

        JsonPath page = api.frames(USER, id, 0, 30);
        assertThat(page.getLong("total")).isEqualTo(33);
        assertThat(page.getList("items.layer", String.class).subList(0, 24)).containsOnly("beauty");
        assertThat(page.getList("items.number", Integer.class).subList(0, 24)).startsWith(1, 2, 3).endsWith(24);
        assertThat(page.getList("items.layer", String.class).subList(24, 30)).containsOnly("fg");
        assertThat(page.getList("items.number", Integer.class).subList(24, 30)).containsExactly(10, 15, 20, 25, 30, 35);
        assertThat(api.frames(USER, id, 1, 30).getList("items.number", Integer.class)).containsExactly(40, 45, 50);

        List<SceneAnalysisRequested> asked = SceneAnalysisDouble.requests(scene.key());
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().taskId()).isEqualTo(id);
        assertThat(asked.getFirst().uploadedPaths()).as("nothing is uploaded beside a scene yet").isEmpty();
        assertThat(farm.count("SELECT count(*) FROM task.task_layer WHERE task_id = ?", id)).isEqualTo(2);
    }

    @Test
    void whatTheUserAsksOverridesTheReport() {
        StoredObject scene = FileServiceStandIn.upload("override.ma");
        SceneAnalysisDouble.answer(scene.key(), SceneAnalysisDouble.report(BEAUTY, FG, OFF));
        Map<String, Object> body = onlyTheScene(scene);
        body.put("frames", "5-6");
        body.put("layers", List.of("fg"));
        body.put("renderer", "simulate");
        body.put("camera", "persp");
        body.put("resolution", Map.of("width", 800, "height", 600));
        body.put("imageFormat", "JPG");

        UUID id = api.submitQueued(body);

        JsonPath task = api.get(id);
        assertThat(task.getList("layers.name", String.class)).containsExactly("fg");
        assertThat(task.getString("layers[0].frames")).isEqualTo("5-6");
        assertThat(task.getString("layers[0].renderer")).isEqualTo("simulate");
        assertThat(task.getString("layers[0].camera")).isEqualTo("persp");
        assertThat(task.getInt("layers[0].resolution.width")).isEqualTo(800);
        assertThat(task.getString("layers[0].imageFormat")).isEqualTo("jpg");
        assertThat(task.getString("layers[0].outputPrefix")).as("not overridden: the report's").isEqualTo("<Scene>_fg");
        assertThat(task.getList("requested.layers", String.class)).containsExactly("fg");
        assertThat(api.frames(USER, id, 0, 10).getList("items.number", Integer.class)).containsExactly(5, 6);
    }

    @Test
    void aRequestedLayerTheSceneLacksFailsTheTaskNamingIt() {
        StoredObject scene = FileServiceStandIn.upload("nolayer.ma");
        SceneAnalysisDouble.answer(scene.key(), SceneAnalysisDouble.report(BEAUTY));
        Map<String, Object> body = onlyTheScene(scene);
        body.put("layers", List.of("spec"));

        UUID id = api.submit(body);

        JsonPath task = api.awaitStatus(USER, id, "FAILED");
        assertThat(task.getString("failureReason")).contains("layer \"spec\" is not in the scene").contains("beauty");
        assertThat(task.getList("layers")).isEmpty();
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE task_id = ?", id)).isZero();
        assertThat(failedEvent(id).reason()).isEqualTo(task.getString("failureReason"));
    }

    @Test
    void missingDependenciesBlockTheRenderAndAreListed() {
        StoredObject scene = FileServiceStandIn.upload("textures.ma");
        SceneAnalysisDouble.answer(scene.key(),
                SceneAnalysisDouble.withMissingTexture(SceneAnalysisDouble.report(BEAUTY), "sourceimages/wood.png"));

        UUID id = api.submit(onlyTheScene(scene));

        JsonPath task = api.awaitStatus(USER, id, "FAILED");
        assertThat(task.getString("failureReason")).contains("missing").contains("sourceimages/wood.png").contains("allowMissing");
        assertThat(task.getList("missingDependencies.path", String.class)).containsExactly("sourceimages/wood.png");
        assertThat(task.getList("missingDependencies.kind", String.class)).containsExactly("texture");
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE task_id = ?", id)).isZero();
    }

    @Test
    void missingDependenciesTheUserAcceptsAreListedAndTheTaskQueues() {
        StoredObject scene = FileServiceStandIn.upload("textures-ok.ma");
        SceneAnalysisDouble.answer(scene.key(),
                SceneAnalysisDouble.withMissingTexture(SceneAnalysisDouble.report(BEAUTY), "sourceimages/wood.png"));
        Map<String, Object> body = onlyTheScene(scene);
        body.put("allowMissing", true);

        UUID id = api.submitQueued(body);

        JsonPath task = api.get(id);
        assertThat(task.getList("missingDependencies.path", String.class)).containsExactly("sourceimages/wood.png");
        assertThat(task.getBoolean("requested.allowMissing")).isTrue();
        assertThat(task.getInt("progress.framesTotal")).isEqualTo(24);
    }

    @Test
    void aFailedAnalysisFailsTheTaskWithItsOwnMessage() {
        StoredObject scene = FileServiceStandIn.upload("broken.ma");
        SceneAnalysisDouble.fail(scene.key(), "not-a-maya-file", "the file starts with PK\\x03\\x04, not a Maya header");

        UUID id = api.submit(onlyTheScene(scene));

        JsonPath task = api.awaitStatus(USER, id, "FAILED");
        assertThat(task.getString("failureReason")).contains("not-a-maya-file")
                .contains("the file starts with PK\\x03\\x04, not a Maya header");
        assertThat(failedEvent(id).reason()).isEqualTo(task.getString("failureReason"));
    }

    @Test
    void aDuplicatedAnswerAndALateOneChangeNothing() {
        StoredObject scene = FileServiceStandIn.upload("twice-answered.ma");
        UUID id = api.submitQueued(onlyTheScene(scene));
        JsonPath before = api.get(id);

        var answer = SceneAnalysisDouble.sent(scene.key()).getFirst();
        SceneAnalysisDouble.send(answer);
        SceneAnalysisDouble.send(new SceneAnalysisFailed(UUID.randomUUID(), Instant.now(), scene.key(), id, "late",
                "a late answer for a task already planned", null));
        // Answers of one scene share a partition: once a later task of the scene is planned, both were consumed.
        api.submitQueued(onlyTheScene(scene));

        JsonPath after = api.get(id);
        assertThat(after.getString("status")).isEqualTo("QUEUED");
        assertThat(after.getString("failureReason")).isNull();
        assertThat(after.getInt("progress.framesTotal")).isEqualTo(before.getInt("progress.framesTotal")).isEqualTo(10);
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE task_id = ?", id)).isEqualTo(10);
        assertThat(farm.count("SELECT count(*) FROM task.task_layer WHERE task_id = ?", id)).isEqualTo(1);
        assertThat(farm.count("SELECT count(*) FROM task.processed_event WHERE event_id = ?", answer.id())).isEqualTo(1);
    }

    @Test
    void aTaskIsAnalysingUntilTheAnswerAndACancelledOneIgnoresIt() {
        StoredObject scene = FileServiceStandIn.upload("slow.ma");
        SceneAnalysisDouble.hold(scene.key());
        UUID id = api.submit(onlyTheScene(scene));

        JsonPath analysing = api.awaitStatus(USER, id, "ANALYSING");
        assertThat(analysing.getList("layers")).isEmpty();
        assertThat(analysing.getString("tier")).isNull();
        assertThat(analysing.getInt("progress.framesTotal")).isZero();
        api.as(USER).post("/api/tasks/" + id + "/cancel").then().statusCode(200);

        SceneAnalysisDouble.release(scene.key());
        api.submitQueued(onlyTheScene(scene));

        assertThat(api.get(id).getString("status")).isEqualTo("CANCELLED");
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE task_id = ?", id)).isZero();
    }

    @Test
    void requirementsNoTierMeetsAreNamedAtSubmission() {
        StoredObject scene = FileServiceStandIn.upload("gpus.ma");
        Map<String, Object> body = new HashMap<>(Map.of("sceneKey", scene.key(), "requirements", Map.of("gpus", 64)));
        api.as(USER).contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.startsWith("requirements"));
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE scene_key = ?", scene.key())).isZero();
    }

    private Map<String, Object> onlyTheScene(StoredObject scene) {
        Map<String, Object> body = new HashMap<>();
        body.put("sceneKey", scene.key());
        body.put("tier", tier);
        return body;
    }

    private TaskFailed failedEvent(UUID id) {
        return (TaskFailed) farm.read(Topics.TASK_EVENTS, TaskEvent.class, r -> r.key().equals(id.toString())
                        && r.value() instanceof TaskFailed, l -> !l.isEmpty(), Duration.ofSeconds(30))
                .getFirst().value();
    }
}
