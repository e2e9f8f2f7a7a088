package cloud.yuntu.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.transfer.StandInFileService;
import cloud.yuntu.agent.transfer.StandInFileServiceResource;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.json.AgentHeartbeatDeserializer;
import cloud.yuntu.contracts.json.FrameLogBatchDeserializer;
import cloud.yuntu.contracts.json.LogLines;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.tinyexr.EXRHeader;
import org.lwjgl.util.tinyexr.EXRVersion;
import org.lwjgl.util.tinyexr.TinyEXR;

/**
 * The agent of the local farm: no Maya, the simulated renderer standing in for Maya's renderers
 * with Maya's own command line, and GPUs declared by configuration.
 */
@QuarkusTest
@TestProfile(SimulatedMaya.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(StandInFileServiceResource.class)
class SimulatedMayaTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    StandInFileService files = StandInFileServiceResource.service();
    AgentHarness farm;

    @BeforeEach
    void connect() {
        farm = AgentHarness.connect(broker.bootstrapServers(), files);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        farm.close();
    }

    private FrameCompleted awaitCompleted(FrameJob job) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> farm.eventsOf(job.frameId()).stream()
                .filter(FrameCompleted.class::isInstance).map(FrameCompleted.class::cast).findFirst().orElse(null),
                c -> c != null);
    }

    @Test
    void heartbeatsReportMayasRenderersWithTheirVersionAndTheDeclaredGpus() throws Exception {
        try (TopicReader<AgentHeartbeat> beats = new TopicReader<>(broker.bootstrapServers(), Topics.AGENT_HEARTBEATS,
                new AgentHeartbeatDeserializer())) {
            Instant since = Instant.now();
            AgentHeartbeat beat = await().atMost(Duration.ofSeconds(15)).until(() -> beats.values().stream()
                    .filter(h -> AgentHarness.AGENT_ID.equals(h.agentId()) && h.time().isAfter(since))
                    .findFirst().orElse(null), h -> h != null);

            assertThat(beat.renderers()).containsExactly(new RendererVersion("arnold", "2026"),
                    new RendererVersion("redshift", "2026"), new RendererVersion("renderman", "2026"),
                    new RendererVersion("simulate", "1.0"));
            assertThat(beat.gpus()).containsExactly(new Gpu(SimulatedMaya.GPU, 48L << 30), new Gpu(SimulatedMaya.GPU, 48L << 30));
            // One GPU a slot: the two GPUs make two slots.
            assertThat(beat.slotsTotal()).isEqualTo(2);
        }
    }

    @Test
    void twoFramesRenderingAtOnceEachSeeOnlyTheirSlotsGpu() throws Exception {
        UUID taskId = UUID.randomUUID();
        // Long enough for the second job to start while the first renders.
        SceneManifest scene = farm.scene(taskId, "yuntu.simulate.msPerFrame", "3000");
        FrameJob first = farm.layerJob(taskId, scene, "redshift", "defaultRenderLayer", "persp", "a", FrameRange.single(1));
        FrameJob second = farm.layerJob(taskId, scene, "redshift", "defaultRenderLayer", "persp", "b", FrameRange.single(2));
        try (TopicReader<FrameLogBatch> logs = new TopicReader<>(broker.bootstrapServers(), Topics.FRAME_LOGS,
                new FrameLogBatchDeserializer())) {
            farm.publish(first);
            farm.publish(second);
            FrameCompleted firstDone = awaitCompleted(first);
            FrameCompleted secondDone = awaitCompleted(second);

            List<String> seen = new java.util.ArrayList<>();
            for (FrameJob job : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(linesOf(logs, job))
                        .filteredOn(l -> l.startsWith("[simulate] GPU devices: ")).hasSize(1));
                String line = linesOf(logs, job).stream().filter(l -> l.startsWith("[simulate] GPU devices: "))
                        .findFirst().orElseThrow();
                seen.add(line.substring("[simulate] GPU devices: ".length()));
            }
            // They rendered at the same time, so they held the two slots at once.
            Instant firstStarted = startedAt(first);
            Instant secondStarted = startedAt(second);
            assertThat(secondStarted).isBefore(firstDone.time());
            assertThat(firstStarted).isBefore(secondDone.time());
            assertThat(seen).containsExactlyInAnyOrder("CUDA_VISIBLE_DEVICES=0", "CUDA_VISIBLE_DEVICES=1");
        }
    }

    /**
     * A job released while another renders here is taken by the free slot at once, not when the running one ends: a
     * share consumer renewing a job fetches no other ({@code ShareConsumerJobTakingTest}), so a waiting consumer of
     * its own takes it.
     */
    @Test
    void aJobReleasedWhileAnotherRendersTakesTheFreeSlotAtOnce() {
        UUID longTask = UUID.randomUUID();
        FrameJob running = farm.layerJob(longTask, farm.scene(longTask, "yuntu.simulate.msPerFrame", "20000"), "redshift",
                "defaultRenderLayer", "persp", "long", FrameRange.single(1));
        UUID shortTask = UUID.randomUUID();
        FrameJob next = farm.layerJob(shortTask, farm.scene(shortTask, "yuntu.simulate.msPerFrame", "0"), "redshift",
                "defaultRenderLayer", "persp", "short", FrameRange.single(1));
        farm.publish(running);
        await().atMost(Duration.ofSeconds(60)).until(() -> farm.eventsOf(running.frameId()).stream()
                .anyMatch(cloud.yuntu.contracts.frame.FrameStarted.class::isInstance));

        farm.publish(next);

        FrameCompleted nextDone = awaitCompleted(next);
        assertThat(farm.eventsOf(running.frameId())).as("the long frame still renders")
                .noneMatch(e -> e instanceof FrameCompleted || e instanceof cloud.yuntu.contracts.frame.FrameFailed);
        assertThat(Duration.between(startedAt(running), nextDone.time())).isLessThan(Duration.ofSeconds(20));
        awaitCompleted(running);
    }

    @Test
    void twoLayersOfOneFrameLandInTheirLayerFoldersUnderDistinctKeys() throws Exception {
        UUID taskId = UUID.randomUUID();
        SceneManifest scene = farm.scene(taskId, "yuntu.simulate.msPerFrame", "0");
        String prefix = "<RenderLayer>/<Scene>_<Camera>";
        // OpenEXR, as Maya with Arnold writes by default (and scene-service reports for Arnold's layers).
        FrameJob master = farm.layerJob(taskId, scene, "arnold", "defaultRenderLayer", "shotCam", prefix, "exr",
                FrameRange.single(1));
        FrameJob foreground = farm.layerJob(taskId, scene, "arnold", "rs_fg", "shotCam", prefix, "exr",
                FrameRange.single(1));
        try (TopicReader<FrameLogBatch> logs = new TopicReader<>(broker.bootstrapServers(), Topics.FRAME_LOGS,
                new FrameLogBatchDeserializer())) {
            farm.publish(master);
            farm.publish(foreground);

            FrameOutput masterImage = awaitCompleted(master).outputs().getFirst();
            FrameOutput foregroundImage = awaitCompleted(foreground).outputs().getFirst();

            assertThat(masterImage.fileName()).isEqualTo("masterLayer/shot_shotCam.0001.exr");
            assertThat(foregroundImage.fileName()).isEqualTo("fg/shot_shotCam.0001.exr");
            for (FrameOutput output : List.of(masterImage, foregroundImage)) {
                String key = master.resultKeyPrefix() + output.fileName();
                assertThat(output.object().key()).isEqualTo(key);
                byte[] stored = files.get(key);
                assertThat(stored).as(key).isNotNull();
                assertThat(output.object()).isEqualTo(AgentHarness.stored(key, stored));
                assertThat(exrWidth(stored)).as("the data window of " + key).isEqualTo(64);
            }
            assertThat(masterImage.object().key()).isNotEqualTo(foregroundImage.object().key());
            // Arnold's log, for the layer of -rl and the camera of -cam: Maya's command line reached the stand-in.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(linesOf(logs, foreground))
                    .anyMatch(l -> l.contains("| [mtoa] rendering layer fg (rs_fg), camera shotCam"))
                    .anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d +\\d+MB +\\| 100% done.*")));
        }
    }

    private Instant startedAt(FrameJob job) {
        return farm.eventsOf(job.frameId()).stream().filter(cloud.yuntu.contracts.frame.FrameStarted.class::isInstance)
                .map(e -> e.time()).findFirst().orElseThrow();
    }

    private static List<String> linesOf(TopicReader<FrameLogBatch> logs, FrameJob job) {
        return logs.values().stream().filter(b -> b.frameId().equals(job.frameId()))
                .sorted(java.util.Comparator.comparingLong(FrameLogBatch::firstLine))
                .flatMap(b -> LogLines.unpack(b.lz4(), b.uncompressedBytes()).stream()).toList();
    }

    /** The width of an OpenEXR file's data window, from its header as tinyexr parses it. */
    private static int exrWidth(byte[] file) {
        ByteBuffer bytes = MemoryUtil.memAlloc(file.length).put(0, file);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            EXRVersion version = EXRVersion.calloc(stack);
            assertThat(TinyEXR.ParseEXRVersionFromMemory(version, bytes)).isEqualTo(TinyEXR.TINYEXR_SUCCESS);
            EXRHeader header = EXRHeader.calloc(stack);
            TinyEXR.InitEXRHeader(header);
            PointerBuffer error = stack.callocPointer(1);
            assertThat(TinyEXR.ParseEXRHeaderFromMemory(header, version, bytes, error)).isEqualTo(TinyEXR.TINYEXR_SUCCESS);
            try {
                return header.data_window().max_x() - header.data_window().min_x() + 1;
            } finally {
                TinyEXR.FreeEXRHeader(header);
            }
        } finally {
            MemoryUtil.memFree(bytes);
        }
    }
}
