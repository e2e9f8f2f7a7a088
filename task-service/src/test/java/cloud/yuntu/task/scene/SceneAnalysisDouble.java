package cloud.yuntu.task.scene;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.SceneAnalysisRequestedDeserializer;
import cloud.yuntu.contracts.scene.SceneAnalysed;
import cloud.yuntu.contracts.scene.SceneAnalysisFailed;
import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import cloud.yuntu.contracts.scene.SceneAnalysisResult;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays scene-service for task-service's tests on the real broker: it reads every
 * {@code farm.scene-analysis} request and answers it on {@code farm.scene-results} (key sceneKey)
 * with the answer a test chose for that scene key, or {@link #defaultReport} with the
 * {@link #defaultRenderer} for a scene key nobody chose for.
 *
 * <p>Use it as a test resource ({@code @QuarkusTestResource(SceneAnalysisDouble.class)}, next to
 * {@code KafkaResource}) or call {@link #startOnce()} yourself; either way one double serves the whole
 * test JVM, like the broker, and keeps answering across Quarkus restarts. Tests pick answers with
 * the static methods, keyed by the scene key of their own upload, so tests never see each other's:
 *
 * <pre>{@code
 * StoredObject scene = FileServiceStandIn.upload("shot.ma");
 * SceneAnalysisDouble.answer(scene.key(), SceneAnalysisDouble.report(
 *         SceneAnalysisDouble.layer("beauty", "arnold", 1, 100, 1, 1920, 1080)));
 * SceneAnalysisDouble.fail(other.key(), "not-a-maya-file", "not a Maya scene");
 * SceneAnalysisDouble.hold(third.key());   // no answer until release(third.key())
 * }</pre>
 *
 * Every answer sent is kept ({@link #sent}), so a test can send one again to check that a
 * duplicate changes nothing; every request received is kept ({@link #requests}).
 */
public class SceneAnalysisDouble implements QuarkusTestResourceLifecycleManager {

    /** The renderable layer of the default report. */
    public static final String DEFAULT_LAYER = "defaultRenderLayer";

    private static final Map<String, Function<SceneAnalysisRequested, SceneAnalysisResult>> ANSWERS = new ConcurrentHashMap<>();
    private static final Map<String, List<SceneAnalysisRequested>> HELD = new ConcurrentHashMap<>();
    private static final List<SceneAnalysisRequested> REQUESTS = new CopyOnWriteArrayList<>();
    private static final List<SceneAnalysisResult> SENT = new CopyOnWriteArrayList<>();
    private static volatile String defaultRenderer = "simulate";
    private static Thread loop;
    private static KafkaProducer<String, SceneAnalysisResult> producer;

    @Override
    public Map<String, String> start() {
        startOnce();
        return Map.of();
    }

    @Override
    public void stop() {
        // Serves every application of this test JVM; it ends with the JVM.
    }

    /** Starts the double once per JVM; later calls do nothing. */
    public static synchronized void startOnce() {
        if (loop != null) {
            return;
        }
        String servers = KafkaResource.broker().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EventSerializer<>());
        // No consumer group: the double takes every partition of the topic itself and keeps its
        // positions in memory, from the earliest offset of a broker that is fresh per test JVM. A
        // group member must rejoin after a broker restart (a test restarts it) and, while it does,
        // stops answering; a request sent then waited past a test's minute. Positions survive the
        // restart, so each request is answered exactly once.
        KafkaConsumer<String, SceneAnalysisRequested> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new SceneAnalysisRequestedDeserializer());
        loop = Thread.ofPlatform().daemon().name("scene-analysis-double").start(() -> serve(consumer));
    }

    private static void serve(KafkaConsumer<String, SceneAnalysisRequested> consumer) {
        try (consumer) {
            long nextLookup = 0;
            while (true) {
                if (System.nanoTime() - nextLookup >= 0) {
                    // The topic may not exist yet, or gain partitions: look again every second.
                    takeEveryPartition(consumer);
                    nextLookup = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
                if (consumer.assignment().isEmpty()) {
                    Thread.sleep(100);
                    continue;
                }
                for (ConsumerRecord<String, SceneAnalysisRequested> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() != null) {
                        try {
                            received(r.value());
                        } catch (RuntimeException e) {
                            // One answer lost (the broker restarting, say) must not stop the double for the JVM.
                            System.err.println("scene-analysis-double did not answer " + r.value().id() + ": " + e);
                        }
                    }
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException e) {
            // the JVM ends
        } catch (RuntimeException e) {
            System.err.println("scene-analysis-double stopped: " + e);
            throw e;
        }
    }

    private static void takeEveryPartition(KafkaConsumer<String, SceneAnalysisRequested> consumer) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(Topics.SCENE_ANALYSIS, Duration.ofSeconds(1));
        } catch (KafkaException e) {
            return; // the broker is restarting or the topic is not there yet: next time
        }
        Set<TopicPartition> all = new HashSet<>();
        partitions.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        if (!all.isEmpty() && !all.equals(consumer.assignment())) {
            Set<TopicPartition> added = new HashSet<>(all);
            added.removeAll(consumer.assignment());
            consumer.assign(all);
            consumer.seekToBeginning(added);
        }
    }

    private static void received(SceneAnalysisRequested request) {
        REQUESTS.add(request);
        String key = request.sceneKey();
        synchronized (HELD) {
            List<SceneAnalysisRequested> held = HELD.get(key);
            if (held != null) {
                held.add(request);
                return;
            }
        }
        reply(request);
    }

    private static void reply(SceneAnalysisRequested request) {
        SceneAnalysisResult result = ANSWERS.getOrDefault(request.sceneKey(),
                r -> analysed(r, defaultReport(defaultRenderer))).apply(request);
        send(result);
    }

    /** Sends {@code result} on {@code farm.scene-results} as scene-service would (again, for a duplicate). */
    public static void send(SceneAnalysisResult result) {
        try {
            producer.send(new ProducerRecord<>(Topics.SCENE_RESULTS, result.sceneKey(), result)).get();
            SENT.add(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what tests choose ----

    /** The renderer of the default report from now on (initially {@code simulate}). */
    public static void defaultRenderer(String renderer) {
        defaultRenderer = renderer;
    }

    /** Requests for {@code sceneKey} are answered with {@code report}. */
    public static void answer(String sceneKey, SceneReport report) {
        ANSWERS.put(sceneKey, r -> analysed(r, report));
    }

    /** Requests for {@code sceneKey} are answered with an analysis failure carrying {@code code} and {@code message}. */
    public static void fail(String sceneKey, String code, String message) {
        ANSWERS.put(sceneKey, r -> new SceneAnalysisFailed(UUID.randomUUID(), Instant.now(), r.sceneKey(), r.taskId(),
                code, message, null));
    }

    /** Requests for {@code sceneKey} get no answer until {@link #release}. */
    public static void hold(String sceneKey) {
        HELD.putIfAbsent(sceneKey, new ArrayList<>());
    }

    /** Answers the requests held for {@code sceneKey}, and answers later ones at once. */
    public static void release(String sceneKey) {
        List<SceneAnalysisRequested> held;
        synchronized (HELD) {
            held = HELD.remove(sceneKey);
        }
        if (held != null) {
            held.forEach(SceneAnalysisDouble::reply);
        }
    }

    /** Requests received for {@code sceneKey}, oldest first. */
    public static List<SceneAnalysisRequested> requests(String sceneKey) {
        return REQUESTS.stream().filter(r -> r.sceneKey().equals(sceneKey)).toList();
    }

    /** Answers sent for {@code sceneKey}, oldest first. */
    public static List<SceneAnalysisResult> sent(String sceneKey) {
        return SENT.stream().filter(r -> r.sceneKey().equals(sceneKey)).toList();
    }

    // ---- reports ----

    public static SceneAnalysed analysed(SceneAnalysisRequested request, SceneReport report) {
        return new SceneAnalysed(UUID.randomUUID(), Instant.now(), request.sceneKey(), request.taskId(), report);
    }

    /** One renderable layer {@value #DEFAULT_LAYER} of {@code renderer}, frames 1-10 by 1, 640x360 png, camera persp. */
    public static SceneReport defaultReport(String renderer) {
        return report(layer(DEFAULT_LAYER, renderer, 1, 10, 1, 640, 360));
    }

    /** A scene of these layers, with camera {@code persp} renderable and nothing else. */
    public static SceneReport report(SceneReport.Layer... layers) {
        return report(List.of(layers), List.of(), List.of());
    }

    /** A scene of these layers, dependencies and warnings; the scene's renderer is the first layer's. */
    public static SceneReport report(List<SceneReport.Layer> layers, List<SceneReport.Dependency> dependencies,
            List<SceneReport.Warning> warnings) {
        String renderer = layers.isEmpty() ? "mayaSoftware" : layers.getFirst().renderer();
        return new SceneReport(
                new SceneReport.FileFacts("scene.ma", "ma", 12_345, "a".repeat(64), "2025", "UTF-8"),
                new SceneReport.Units("cm", "deg", "film"),
                List.of(),
                renderer,
                layers,
                List.of(new SceneReport.Camera("persp", true), new SceneReport.Camera("top", false)),
                dependencies,
                List.of(),
                warnings);
    }

    /** A renderable layer rendering camera {@code persp} to png with Maya's default prefix. */
    public static SceneReport.Layer layer(String name, String renderer, double start, double end, double by, int width, int height) {
        return new SceneReport.Layer(name, true, renderer, new SceneReport.Frames(start, end, by), null, "png",
                new SceneReport.Resolution(width, height), List.of("persp"));
    }

    /** A texture file the scene needs, reported missing the way scene-service does when nothing was uploaded. */
    public static SceneReport withMissingTexture(SceneReport report, String path) {
        List<SceneReport.Dependency> deps = new ArrayList<>(report.dependencies());
        deps.add(new SceneReport.Dependency("file" + deps.size(), "file", "fileTextureName", path,
                SceneReport.DependencyKind.TEXTURE, false));
        List<SceneReport.Warning> warnings = new ArrayList<>(report.warnings());
        warnings.add(new SceneReport.Warning("missing-dependency", "texture " + path + " is not among the uploaded files",
                "file" + (deps.size() - 1)));
        return new SceneReport(report.file(), report.units(), report.plugins(), report.renderer(), report.layers(),
                report.cameras(), deps, report.references(), warnings);
    }
}
