package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.TaskApi;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Jobs go only to agents that report the layer's renderer; a task no live agent can take says so,
 * and operators see it. Against the real broker and database, with the scene analysis and the
 * agents played by the test.
 */
@QuarkusTest
class LaneDispatchTest extends FarmTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aRedshiftFrameWaitsWhileOnlyAnArnoldAgentIsLiveSaysSoAndGoesOnceARedshiftAgentHeartbeats() {
        String tier = farm.isolatedGpuTier();
        StoredObject scene = FileServiceStandIn.upload("redshift.ma");
        SceneAnalysisDouble.answer(scene.key(), SceneAnalysisDouble.report(
                SceneAnalysisDouble.layer("beauty", "redshift", 1, 2, 1, 640, 360)));
        Map<String, Object> body = TaskApi.request(scene, "1-2", tier);
        body.remove("renderer");
        UUID taskId = api.submitQueued(body);
        String arnold = "arnold-" + UUID.randomUUID();
        farm.heartbeat(arnold, tier, 4, List.of(), List.of("arnold"));

        // Stalled after yuntu.task.dispatch.stall-after (PT2S in tests) of dispatcher passes with the
        // arnold agent live: every one of them left the redshift frames alone.
        JsonPath waiting = awaitWaiting(taskId);
        assertThat(waiting.getString("waiting.reason")).isEqualTo("no live agent of pool " + tier + " has renderer redshift");
        assertThat(waiting.getString("waiting.since")).isNotBlank();
        assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId)).containsExactly("WAITING", "WAITING");
        assertThat(farm.count("SELECT count(*) FROM task.outbox WHERE message_key = ? AND topic LIKE 'farm.frame-jobs.%'",
                taskId.toString())).isZero();

        // The owner is told once; operators see it; the gauge counts it.
        List<Notification> notices = farm.settled(Topics.NOTIFICATIONS, Notification.class,
                r -> taskId.equals(r.value().taskId()), 1, Duration.ofSeconds(2));
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.TASK_STALLED);
            assertThat(n.userId()).isEqualTo(TaskApi.DEFAULT_USER);
            assertThat(n.level()).isEqualTo(Notification.Level.WARNING);
            assertThat(n.message()).contains("has renderer redshift");
        });
        JsonPath farmView = admin().get("/api/agents").then().statusCode(200).extract().jsonPath();
        assertThat(farmView.getList("stalledTasks.findAll { it.taskId == '" + taskId + "' }.renderer", String.class))
                .containsExactly("redshift");
        Map<String, Object> agent = farmView.getMap("agents.find { it.id == '" + arnold + "' }");
        assertThat(agent).containsEntry("live", true).containsEntry("pools", List.of(tier)).containsEntry("slotsFree", 4)
                .containsEntry("renderers", List.of(Map.of("renderer", "arnold", "version", "1")))
                .containsKey("lastHeartbeat").containsKey("gpus");
        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("yuntu_tasks_stalled"));
        await().atMost(WAIT).until(() -> stalledGauge() >= 1);

        String redshift = "redshift-" + UUID.randomUUID();
        farm.heartbeat(redshift, tier, 2, List.of(), List.of("redshift", "arnold"));
        List<FrameJob> jobs = farm.read(Topics.frameJobs(tier, "redshift"), FrameJob.class,
                r -> r.key().equals(taskId.toString()), l -> l.size() >= 2, WAIT).stream().map(ConsumerRecord::value).toList();
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.renderer()).isEqualTo("redshift");
            assertThat(job.layer()).isEqualTo("beauty");
            assertThat(job.pool()).isEqualTo(tier);
        });
        await().atMost(WAIT).until(() -> api.get(taskId).get("waiting") == null);
        assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId)).containsOnly("DISPATCHED");
        admin().get("/api/agents").then().statusCode(200)
                .body("stalledTasks.taskId", org.hamcrest.Matchers.not(hasItem(taskId.toString())));
    }

    @Test
    void aTaskWhosePoolHasNoLiveAgentAtAllSaysSoUntilOneComes() {
        String tier = farm.isolatedTier();
        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("alone.ma"), "1", tier));
        assertThat(awaitWaiting(taskId).getString("waiting.reason"))
                .isEqualTo("no live agent in pool " + tier + " (frames for simulate wait)");

        farm.heartbeat("agent-" + UUID.randomUUID(), tier, 1, List.of());
        farm.read(Topics.frameJobs(tier, "simulate"), FrameJob.class, r -> r.key().equals(taskId.toString()),
                l -> !l.isEmpty(), WAIT);
        await().atMost(WAIT).until(() -> api.get(taskId).get("waiting") == null);
    }

    @Test
    void aTaskWhosePoolsOnlyAgentIsDrainedSaysItWaitsUntilTheAgentResumes() {
        String tier = farm.isolatedTier();
        String agent = "agent-" + UUID.randomUUID();
        farm.heartbeat(agent, tier, 1, List.of());
        farm.awaitHeartbeat(agent, 1);
        admin().post("/api/admin/agents/" + agent + "/drain").then().statusCode(202);

        UUID taskId = api.submitQueued(TaskApi.request(FileServiceStandIn.upload("drained.ma"), "1", tier));
        assertThat(awaitWaiting(taskId).getString("waiting.reason"))
                .isEqualTo("no live agent in pool " + tier + " (frames for simulate wait)");
        // the agent still heartbeats fresh: it is the drain, not a silent agent, that leaves the frames without one
        assertThat(farm.count("SELECT count(*) FROM task.agent WHERE id = ? AND heartbeat_at > now() - interval '15 seconds'",
                agent)).isEqualTo(1);
        assertThat(api.frameStatuses(TaskApi.DEFAULT_USER, taskId)).containsExactly("WAITING");

        admin().post("/api/admin/agents/" + agent + "/resume").then().statusCode(202);
        farm.heartbeat(agent, tier, 1, List.of());
        farm.read(Topics.frameJobs(tier, "simulate"), FrameJob.class, r -> r.key().equals(taskId.toString()),
                l -> !l.isEmpty(), WAIT);
        await().atMost(WAIT).until(() -> api.get(taskId).get("waiting") == null);
    }

    @Test
    void agentsAndStallsAreForOperatorsOnly() {
        api.as("artist-9").get("/api/agents").then().statusCode(403);
        RestAssured.given().get("/api/agents").then().statusCode(401);
    }

    private JsonPath awaitWaiting(UUID taskId) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = api.get(taskId);
            return last[0].get("waiting") != null;
        });
        return last[0];
    }

    private io.restassured.specification.RequestSpecification admin() {
        return RestAssured.given().auth().oauth2(tokens.admin("operator-1"));
    }

    private static double stalledGauge() {
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("yuntu_tasks_stalled ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElse(-1);
    }
}
