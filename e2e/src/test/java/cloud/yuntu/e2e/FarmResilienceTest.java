package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Nodes die and brokers restart mid-render; the task still ends with every frame rendered once, correctly. */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class FarmResilienceTest {

    static LocalFarm farm;
    static TaskApi api;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        api = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().user("artist-2"));
    }

    @Test
    void framesOfAKilledAgentAreRenderedByAnother() throws Exception {
        UUID taskId = submit("yuntu.simulate.msPerFrame", "2500", "1-8");

        String[] victim = new String[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() -> {
            victim[0] = api.frames(taskId).stream().filter(f -> "RUNNING".equals(f.get("status")))
                    .map(f -> (String) f.get("agentId")).findFirst().orElse(null);
            return victim[0] != null;
        });
        int index = agentIndex(victim[0]);
        farm.agents().get(index).process().kill();
        try {
            JsonPath task = api.awaitStatus(taskId, "COMPLETED", Duration.ofMinutes(5));
            assertThat(api.frames(taskId)).extracting(f -> f.get("status")).hasSize(8).containsOnly("SUCCEEDED");
            assertResultsComplete(taskId, 8);
        } finally {
            farm.startAgent(index + 1);
        }
    }

    private static int agentIndex(String agentId) {
        List<String> names = farm.agents().stream().map(a -> a.name()).toList();
        assertThat(names).as("agents of the farm").contains(agentId);
        return names.indexOf(agentId);
    }

    @Test
    void aBrokerRestartMidTaskLosesNothing() throws Exception {
        UUID taskId = submit("yuntu.simulate.msPerFrame", "1500", "1-6");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.frames(taskId).stream().anyMatch(f -> "SUCCEEDED".equals(f.get("status"))));

        farm.broker().restart();

        JsonPath task = api.awaitStatus(taskId, "COMPLETED", Duration.ofMinutes(5));
        assertThat(api.frames(taskId)).extracting(f -> f.get("status")).hasSize(6).containsOnly("SUCCEEDED");
        assertThat(task.getDouble("progress.percent")).isEqualTo(100.0);
        assertResultsComplete(taskId, 6);
    }

    private UUID submit(String key, String value, String frames) throws Exception {
        Path scene = Scenes.withSimulation(work, Scenes.BASE, key, value);
        return api.submit(scene, frames, 160, 90);
    }

    /**
     * file-service confirms results from the frame events on its own consumer group, which rejoins
     * after a broker restart a little after task-service does: the listing may trail the task's
     * completion by seconds, but must end with every frame exactly once.
     */
    private static void assertResultsComplete(UUID taskId, int frames) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.results(taskId).getList("frame", Integer.class).size() >= frames);
        List<Integer> listed = api.results(taskId).getList("frame", Integer.class);
        assertThat(listed).as("one confirmed result per frame").hasSize(frames).doesNotHaveDuplicates();
    }
}
