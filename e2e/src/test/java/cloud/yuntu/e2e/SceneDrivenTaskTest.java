package cloud.yuntu.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scene drives the task: through the gateway, a task submitted with nothing but its scene key
 * renders what the analysis found, on the tier that fits, and what cannot render is refused or
 * shown as waiting instead of failing late or sitting silently.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class SceneDrivenTaskTest {

    static LocalFarm farm;
    static String gateway;
    static TaskApi api;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        gateway = farm.url(FarmService.GATEWAY).toString();
        api = new TaskApi(gateway, farm.tokens().user("scene-driven"));
    }

    @Test
    void aSceneKeyAloneRendersEveryRenderableLayerAsTheAnalysisFoundIt() throws Exception {
        String key = api.upload(Scenes.layered(work, "layered.ma", "arnold")).getString("key");

        Response created = api.request().contentType(ContentType.JSON).body(Map.of("sceneKey", key)).post("/api/tasks");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        UUID taskId = UUID.fromString(created.jsonPath().getString("id"));
        // The answer leads to the gateway, never to task-service's own address.
        assertThat(created.header("Location")).isEqualTo(gateway.replaceAll("/$", "") + "/api/tasks/" + taskId);

        JsonPath task = api.awaitStatus(taskId, "COMPLETED", Duration.ofMinutes(4));
        assertThat(task.getString("tier")).as("the cheapest tier that runs arnold").isEqualTo("basic");
        List<Map<String, Object>> layers = task.getList("layers");
        assertThat(layers).extracting(l -> l.get("name")).containsExactly("beauty", "shadows");
        assertThat(layers).allSatisfy(l -> {
            assertThat(l.get("renderer")).isEqualTo("arnold");
            assertThat(l.get("framesTotal")).isEqualTo(3);
        });
        assertThat(task.getInt("layers[0].resolution.width")).isEqualTo(320);
        assertThat(task.getInt("layers[1].resolution.width")).as("the layer's own adjustment").isEqualTo(160);
        assertThat(task.getInt("layers[1].resolution.height")).isEqualTo(90);
        assertThat(task.getInt("progress.framesTotal")).isEqualTo(6);
        assertThat(task.getMap("$")).doesNotContainKey("frames");

        List<Map<String, Object>> frames = api.frames(taskId);
        assertThat(frames).hasSize(6).allSatisfy(f -> assertThat(f.get("status")).isEqualTo("SUCCEEDED"));
        assertThat(frames).extracting(f -> f.get("layer") + ":" + f.get("number"))
                .containsExactly("beauty:1", "beauty:2", "beauty:3", "shadows:1", "shadows:2", "shadows:3");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.results(taskId).getList("key").size() == 6);
        List<String> keys = api.results(taskId).getList("key", String.class);
        // Each layer in its own folder, as Maya names them when several layers render; OpenEXR, the format of
        // Arnold's default driver, which the analysis found and the simulated renderer writes as Maya would.
        String prefix = "results/\\d{8}/" + taskId + "/";
        assertThat(keys).filteredOn(k -> k.matches(prefix + "beauty/layered\\.000[123]\\.exr")).hasSize(3);
        assertThat(keys).filteredOn(k -> k.matches(prefix + "shadows/layered\\.000[123]\\.exr")).hasSize(3);
    }

    @Test
    void aRedshiftSceneRendersOnAGpuTier() throws Exception {
        String key = api.upload(Scenes.layered(work, "gpu.ma", "redshift")).getString("key");
        UUID taskId = api.submit(Map.of("sceneKey", key, "layers", List.of("beauty")));

        JsonPath task = api.awaitStatus(taskId, "COMPLETED", Duration.ofMinutes(4));
        assertThat(task.getString("tier")).isEqualTo("high");
        assertThat(task.getList("layers.name")).containsExactly("beauty");
        assertThat(task.getList("layers.renderer")).containsExactly("redshift");
        assertThat(api.frames(taskId)).hasSize(3);
    }

    @Test
    void aRendererNoAgentHasIsShownAsWaitingToTheUserAndToOperators() throws Exception {
        String key = api.upload(Scenes.layered(work, "octane.ma", "arnold")).getString("key");
        // The local agents stand in for Maya's renderers; none has Octane.
        UUID taskId = api.submit(Map.of("sceneKey", key, "renderer", "octane"));
        try {
            JsonPath[] last = new JsonPath[1];
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> (last[0] = api.task(taskId)).get("waiting") != null);
            assertThat(last[0].getString("status")).isIn("QUEUED", "RENDERING");
            assertThat(last[0].getString("tier")).as("octane renders on GPUs only").isEqualTo("high");
            assertThat(last[0].getString("waiting.reason")).contains("octane");
            assertThat(api.frames(taskId)).allSatisfy(f -> assertThat(f.get("status")).isEqualTo("WAITING"));

            TaskApi operator = new TaskApi(gateway, farm.tokens().admin("operator"));
            String agents = operator.request().get("/api/agents").then().statusCode(200).extract().asString();
            assertThat(agents).contains(taskId.toString());
        } finally {
            api.request().delete("/api/tasks/" + taskId).then().statusCode(204);
        }
    }

    @Test
    void aHostileSceneIsRefusedAndSceneServiceStaysHealthy() throws Exception {
        Path hostile = Scenes.hostile(work, 3000);
        // Three at once: what used to leave scene-service alive but deaf.
        List<CompletableFuture<Response>> analyses = List.of(1, 2, 3).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> api.request().multiPart("file", hostile.toFile())
                        .post("/api/scenes/analyse")))
                .toList();
        for (CompletableFuture<Response> analysis : analyses) {
            Response refused = analysis.get();
            assertThat(refused.statusCode()).as(refused.asString()).isIn(422, 503);
            if (refused.statusCode() == 422) {
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.asString()).contains("render layers");
            }
        }

        UUID taskId = api.submit(Map.of("sceneKey", api.upload(hostile).getString("key")));
        JsonPath failed = api.awaitStatus(taskId, "FAILED", Duration.ofMinutes(1));
        assertThat(failed.getString("failureReason")).contains("render layers");
        assertThat(api.frames(taskId)).isEmpty();

        given().baseUri(farm.url(FarmService.SCENE).toString()).get("/q/health/ready").then().statusCode(200);
        Path fine = Scenes.layered(work, "fine.ma", "arnold");
        api.request().multiPart("file", fine.toFile()).post("/api/scenes/analyse")
                .then().statusCode(200);
    }

    @Test
    void aHundredThousandFrameTaskIsAcceptedPagedAndDeleted() throws Exception {
        Path scene = Scenes.withSimulation(work, Scenes.BASE, "yuntu.simulate.msPerFrame", "5000");
        UUID taskId = api.submit(Map.of("sceneKey", api.upload(scene).getString("key"), "frames", "1-100000"));

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of("QUEUED", "RENDERING").contains(api.task(taskId).getString("status")));
        JsonPath task = api.task(taskId);
        assertThat(task.getInt("progress.framesTotal")).isEqualTo(100_000);
        assertThat(task.getMap("$")).doesNotContainKey("frames");

        JsonPath last = api.framesPage(taskId, 999, 100);
        assertThat(last.getLong("total")).isEqualTo(100_000);
        assertThat(last.getList("items.number", Integer.class)).hasSize(100).startsWith(99_901).endsWith(100_000);

        api.request().delete("/api/tasks/" + taskId).then().statusCode(204);
        api.request().get("/api/tasks/" + taskId).then().statusCode(404);
        api.request().get("/api/tasks/" + taskId + "/frames").then().statusCode(404);
    }
}
