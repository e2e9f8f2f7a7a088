package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The render node as the farm runs it, through the gateway: a cancel takes the renderer's whole process
 * tree (the renderer, its helpers and their children) within a second, and a task for a renderer no
 * agent has waits and says why instead of failing.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class RenderNodeEndToEndTest {

    private static final Duration RENDER = Duration.ofMinutes(3);

    static LocalFarm farm;
    static TaskApi api;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        api = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().user("render-node"));
    }

    @Test
    void cancelEndsTheRenderersWholeProcessTreeWithinASecond() throws Exception {
        String marker = "e2e" + UUID.randomUUID().toString().replace("-", "");
        UUID taskId = submit(Map.of("msPerFrame", "120000", "helpers", marker), "1", Map.of());
        try {
            // The renderer runs once its helpers do, each with its two children.
            List<ProcessHandle> helpers = new ArrayList<>();
            await().atMost(RENDER).pollInterval(Duration.ofMillis(200)).until(() -> {
                helpers.clear();
                helpers.addAll(helpers(marker));
                return helpers.size() == 2 && helpers.stream().allMatch(h -> h.children().count() == 2);
            });
            ProcessHandle renderer = helpers.getFirst().parent().orElseThrow();
            List<ProcessHandle> tree = new ArrayList<>(List.of(renderer));
            tree.addAll(renderer.descendants().toList());
            assertThat(tree).as("renderer, two helpers, four children").hasSize(7);

            Instant asked = Instant.now();
            api.command(taskId, "cancel").then().statusCode(200);
            Instant answered = Instant.now();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> tree.stream().allMatch(RenderNodeEndToEndTest::dead));
            Instant gone = Instant.now();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
            System.out.printf("Cancel ended the renderer's %d processes %d ms after it was answered (reaped after %d ms)%n",
                    tree.size(), Duration.between(answered, gone).toMillis(), Duration.between(answered, Instant.now()).toMillis());
            assertThat(Duration.between(asked, gone)).as("from the cancel to the last process of the tree gone")
                    .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(Duration.between(asked, answered)));
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void aTaskForARendererNoAgentHasWaitsAndSaysWhy() throws Exception {
        UUID taskId = submit(Map.of("msPerFrame", "200"), "1-3", Map.of("renderer", "octane"));
        try {
            JsonPath[] task = new JsonPath[1];
            await().atMost(RENDER).pollInterval(Duration.ofMillis(500))
                    .until(() -> (task[0] = api.task(taskId)).getString("waiting.reason") != null);
            assertThat(task[0].getString("status")).isEqualTo("QUEUED");
            assertThat(task[0].getString("waiting.reason")).contains("has renderer octane");
            assertThat(task[0].getString("waiting.since")).isNotBlank();

            // It keeps waiting: nothing is sent to an agent that cannot run it, so no attempt is burnt.
            Thread.sleep(3_000);
            JsonPath later = api.task(taskId);
            assertThat(later.getString("status")).isEqualTo("QUEUED");
            assertThat(api.frames(taskId)).hasSize(3).allSatisfy(f -> {
                assertThat(f.get("status")).isEqualTo("WAITING");
                assertThat(f.get("failures")).isEqualTo(0);
            });
        } finally {
            api.command(taskId, "cancel");
        }
    }

    @Test
    void aGpuTiersFramesRenderOnlyOnTheNodeWhoseNvidiaSmiReportsAGpu() throws Exception {
        // A recorded nvidia-smi answer (one RTX A6000 of 49140 MiB) stands in for a GPU node's driver.
        Path smi = work.resolve("nvidia-smi");
        Path recorded = FarmUnderTest.REPOSITORY.resolve("render-agent/src/test/resources/nvidia-smi/one-rtx-a6000.csv");
        Files.writeString(smi, "#!/bin/sh\nexec cat '" + recorded + "'\n");
        smi.toFile().setExecutable(true);
        Map<String, String> noDeclaredGpus = Map.of("yuntu.agent.gpus", "", "yuntu.agent.slots", "2");
        Map<String, String> gpuNode = new LinkedHashMap<>(noDeclaredGpus);
        gpuNode.put("yuntu.agent.gpu.smi-executable", smi.toString());
        Map<String, String> cpuNode = new LinkedHashMap<>(noDeclaredGpus);
        cpuNode.put("yuntu.agent.gpu.smi-executable", work.resolve("no-nvidia-smi-here").toString());

        // The farm's own agents declare GPUs: drained, they leave the work to the two nodes started here.
        TaskApi admin = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().admin("render-node-admin"));
        List<String> ownAgents = List.of("local-agent-1", "local-agent-2");
        ownAgents.forEach(a -> admin.request().post("/api/admin/agents/" + a + "/drain").then().statusCode(202));
        try (var cpu = farm.startAgent("cpu-node", cpuNode); var gpu = farm.startAgent("gpu-node", gpuNode)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonPath agents = admin.request().get("/api/agents").then().statusCode(200).extract().jsonPath();
                // Both have read the tiers: a node serves no pool before it knows what the pools need.
                return agents.getList("agents.findAll { it.id == 'cpu-node' && it.live && it.pools.contains('basic') }").size() == 1
                        && agents.getList("agents.findAll { it.id == 'gpu-node' && it.live && it.pools.contains('basic') }").size() == 1;
            });
            JsonPath agents = admin.request().get("/api/agents").then().extract().jsonPath();
            assertThat(agents.getList("agents.find { it.id == 'gpu-node' }.gpus.model", String.class))
                    .containsExactly("NVIDIA RTX A6000");
            assertThat(agents.getList("agents.find { it.id == 'gpu-node' }.pools", String.class)).contains("high");
            assertThat(agents.getList("agents.find { it.id == 'cpu-node' }.gpus")).isEmpty();
            assertThat(agents.getList("agents.find { it.id == 'cpu-node' }.pools", String.class))
                    .as("a node without GPUs serves no GPU tier's pool").doesNotContain("high").contains("basic");

            UUID taskId = submit(Map.of("msPerFrame", "300"), "1-6", Map.of("tier", "high"));
            api.awaitStatus(taskId, "COMPLETED", RENDER);
            assertThat(api.frames(taskId)).hasSize(6).allSatisfy(f -> assertThat(f.get("agentId")).isEqualTo("gpu-node"));
        } finally {
            ownAgents.forEach(a -> admin.request().post("/api/admin/agents/" + a + "/resume").then().statusCode(202));
        }
    }

    /**
     * Gone, or a zombie: killed, holding no memory, CPU or file, and only waiting for whoever adopted it to
     * collect its exit status (on this machine an init that does so every few seconds).
     */
    private static boolean dead(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return true;
        }
    }

    /** The helper processes of the simulated renderer started for {@code marker}: their command line names it. */
    private static List<ProcessHandle> helpers(String marker) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().map(c -> c.contains("yuntu-helper-" + marker)).orElse(false))
                    .toList();
        }
    }

    private UUID submit(Map<String, String> behaviour, String frames, Map<String, ?> options) throws Exception {
        Path scene = Scenes.simulating(Files.createTempDirectory(work, "scene"), Scenes.BASE, behaviour);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("sceneKey", api.upload(scene).getString("key"));
        task.put("frames", frames);
        task.put("resolution", Map.of("width", 160, "height", 90));
        task.putAll(options);
        return api.submit(task);
    }
}
