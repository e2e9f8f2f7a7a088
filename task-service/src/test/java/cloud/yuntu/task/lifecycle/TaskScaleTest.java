package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.task.FarmTest;
import cloud.yuntu.task.FileServiceStandIn;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One task of 100,000 frames: accepted, viewed without its frames, paged, listed and deleted. */
@QuarkusTest
class TaskScaleTest extends FarmTest {

    String tier;
    String user;

    @BeforeEach
    void isolatedPool() {
        tier = farm.isolatedTier();
        user = "big-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aHundredThousandFrameTaskIsQueuedPagedAndDeleted() {
        StoredObject scene = FileServiceStandIn.upload(user, "epic.ma");
        SceneAnalysisDouble.answer(scene.key(),
                SceneAnalysisDouble.report(SceneAnalysisDouble.layer("beauty", "simulate", 1, 100_000, 1, 1920, 1080)));

        UUID id = api.submitQueued(user, Map.of("sceneKey", scene.key(), "tier", tier));

        JsonPath task = api.get(user, id);
        assertThat(task.getInt("progress.framesTotal")).isEqualTo(100_000);
        assertThat(task.getMap("$")).doesNotContainKey("frames");
        assertThat(task.getString("layers[0].frames")).isEqualTo("1-100000");

        JsonPath last = api.frames(user, id, 999, 100);
        assertThat(last.getLong("total")).isEqualTo(100_000);
        assertThat(last.getInt("page")).isEqualTo(999);
        assertThat(last.getInt("size")).isEqualTo(100);
        assertThat(last.getList("items.number", Integer.class)).hasSize(100).startsWith(99_901).endsWith(100_000);
        assertThat(api.frames(user, id, 1000, 100).getList("items")).isEmpty();
        api.as(user).queryParam("status", "waiting").queryParam("size", 1000).get("/api/tasks/" + id + "/frames")
                .then().statusCode(200).body("total", equalTo(100_000)).body("items.size()", equalTo(1000));
        api.as(user).queryParam("status", "SUCCEEDED").get("/api/tasks/" + id + "/frames")
                .then().statusCode(200).body("total", equalTo(0));

        api.as(user).queryParam("status", "QUEUED").get("/api/tasks").then().statusCode(200)
                .body("items.id", hasItem(id.toString())).body("total", equalTo(1));
        api.as(user).queryParam("status", "RENDERING").get("/api/tasks").then().statusCode(200).body("total", equalTo(0));

        api.as("someone-else").delete("/api/tasks/" + id).then().statusCode(404);
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE task_id = ?", id)).isEqualTo(100_000);

        api.as(user).delete("/api/tasks/" + id).then().statusCode(204);

        api.as(user).get("/api/tasks/" + id).then().statusCode(404);
        api.as(user).get("/api/tasks/" + id + "/frames").then().statusCode(404);
        api.as(user).delete("/api/tasks/" + id).then().statusCode(404);
        assertThat(farm.count("SELECT count(*) FROM task.frame WHERE task_id = ?", id)).isZero();
        assertThat(farm.count("SELECT count(*) FROM task.task_layer WHERE task_id = ?", id)).isZero();
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE id = ?", id)).isZero();
    }

    @Test
    void deletingAnActiveTaskCancelsItAndStopsItsAgentsFirst() {
        StoredObject scene = FileServiceStandIn.upload(user, "busy.ma");
        UUID id = api.submitQueued(user, new HashMap<>(Map.of("sceneKey", scene.key(), "tier", tier, "frames", "1-3")));
        String agent = "agent-" + UUID.randomUUID();
        UUID running = UUID.fromString(api.frames(user, id, 0, 1).getString("items[0].id"));
        // An agent took frame 1 (the test's pool has no agents, so the dispatcher leaves the rest alone).
        farm.sql("UPDATE task.frame SET status = 'RUNNING', attempt = 1, agent_id = ?, started_at = now() WHERE id = ?",
                agent, running);

        api.as(user).delete("/api/tasks/" + id).then().statusCode(204);

        List<AgentCommand> commands = farm.read(Topics.AGENT_COMMANDS, AgentCommand.class, r -> r.key().equals(agent),
                l -> !l.isEmpty(), Duration.ofSeconds(30)).stream().map(r -> r.value()).toList();
        assertThat(commands).singleElement().satisfies(c -> {
            assertThat(c.command()).isEqualTo(AgentCommand.Command.CANCEL_FRAME);
            assertThat(c.frameId()).isEqualTo(running);
        });
        List<TaskEvent> events = farm.read(Topics.TASK_EVENTS, TaskEvent.class, r -> r.key().equals(id.toString()),
                l -> l.stream().anyMatch(e -> e.value() instanceof TaskStatusChanged s && s.to() == TaskStatus.CANCELLED),
                Duration.ofSeconds(30)).stream().map(r -> r.value()).toList();
        assertThat(events).isNotEmpty();
        assertThat(farm.count("SELECT count(*) FROM task.task WHERE id = ?", id)).isZero();
    }

    @Test
    void pagesAreCheckedAndNamed() {
        UUID id = api.submitQueued(user, new HashMap<>(Map.of("sceneKey", FileServiceStandIn.upload(user, "p.ma").key(),
                "tier", tier)));
        String frames = "/api/tasks/" + id + "/frames";
        api.as(user).queryParam("size", 1001).get(frames).then().statusCode(422).body("errors.field", contains("size"));
        api.as(user).queryParam("size", 0).get(frames).then().statusCode(422).body("errors.field", contains("size"));
        api.as(user).queryParam("page", -1).get(frames).then().statusCode(422).body("errors.field", contains("page"));
        api.as(user).queryParam("page", "x").get(frames).then().statusCode(422).body("errors.field", contains("page"));
        api.as(user).queryParam("status", "DONE").get(frames).then().statusCode(422).body("errors.field", contains("status"));
        api.as(user).queryParam("size", 101).get("/api/tasks").then().statusCode(422).body("errors.field", contains("size"));
        api.as(user).queryParam("status", "WAITING").get("/api/tasks").then().statusCode(422)
                .body("errors.field", contains("status"));
        api.as(user).queryParam("size", 1).get("/api/tasks").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("page", equalTo(0)).body("size", equalTo(1));
    }
}
