package cloud.yuntu.agent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.agent.transfer.StandInFileService;
import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.FrameEventDeserializer;
import cloud.yuntu.testsupport.MayaScenes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the tests play: task-service publishing jobs and commands, file-service holding the scene. */
public final class AgentHarness implements AutoCloseable {

    public static final String AGENT_ID = "test-agent";
    private static final Path CORPUS_SCENE = MayaScenes.scene("yamins81__cgkit__unittests__data__objects.ma");

    private final KafkaProducer<String, byte[]> producer;
    private final StandInFileService files;
    private final EventSerializer<FarmEvent> serializer = new EventSerializer<>();
    private final TopicReader<FrameEvent> events;
    private final String bootstrapServers;
    private final Set<String> lanes = ConcurrentHashMap.newKeySet();

    /** Plays the farm around the agent under test once that agent is ready, recording its frame events. */
    public static AgentHarness connect(String bootstrapServers, StandInFileService files) {
        AgentHarness farm = new AgentHarness(bootstrapServers, files);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        return farm;
    }

    private AgentHarness(String bootstrapServers, StandInFileService files) {
        this.files = files;
        this.bootstrapServers = bootstrapServers;
        this.events = new TopicReader<>(bootstrapServers, Topics.FRAME_EVENTS, new FrameEventDeserializer());
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        createLane("cpu", "simulate");
    }

    /**
     * As task-service does: a lane's topic with one partition, made before any job is published on it
     * (the agent never makes it; a producer would, with the broker's default partition count).
     */
    public void createLane(String pool, String renderer) {
        String topic = Topics.frameJobs(pool, renderer);
        if (lanes.contains(topic)) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            lanes.add(topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
            lanes.add(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A real Maya scene with {@code fileInfo} lines for the simulator appended, stored in the stand-in. */
    public SceneManifest scene(UUID taskId, String... fileInfo) {
        StringBuilder text = new StringBuilder(corpusScene());
        for (int i = 0; i < fileInfo.length; i += 2) {
            text.append("fileInfo \"").append(fileInfo[i]).append("\" \"").append(fileInfo[i + 1]).append("\";\n");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        String key = "scenes/20260101/" + taskId + "/shot.ma";
        files.put(key, bytes);
        return new SceneManifest(digest(bytes).as(key), "shot.ma", List.of());
    }

    /** A manifest naming an object that file-service does not have. */
    public SceneManifest missingScene(UUID taskId) {
        byte[] bytes = "never uploaded".getBytes(StandardCharsets.UTF_8);
        return new SceneManifest(digest(bytes).as("scenes/20260101/" + taskId + "/gone.ma"), "gone.ma", List.of());
    }

    /** Every frame event on the broker since this harness connected. */
    public TopicReader<FrameEvent> events() {
        return events;
    }

    public List<FrameEvent> eventsOf(UUID frameId) {
        return events.values().stream().filter(e -> e.frameId().equals(frameId)).toList();
    }

    /** A job as task-service releases it, with the grant to read its scene and write its results. */
    public FrameJob job(UUID taskId, SceneManifest scene, FrameRange frames, long timeoutSeconds) {
        return job(taskId, scene, frames, timeoutSeconds,
                files.grantFor(taskId, scene.scene().key(), TestJobs.resultKeyPrefix(taskId)));
    }

    /** A job carrying {@code grant} as it is (null: none at all). */
    public FrameJob job(UUID taskId, SceneManifest scene, FrameRange frames, long timeoutSeconds, String grant) {
        return TestJobs.job(taskId, scene, "simulate", frames, "persp", null, new Resolution(64, 48), "png", "shot",
                timeoutSeconds, grant);
    }

    /** A job whose images are written as {@code format} ({@code exr}, ...), with its grant. */
    public FrameJob job(UUID taskId, SceneManifest scene, FrameRange frames, String format) {
        return TestJobs.job(taskId, scene, "simulate", frames, "persp", null, new Resolution(64, 48), format, "shot", 60,
                files.grantFor(taskId, scene.scene().key(), TestJobs.resultKeyPrefix(taskId)));
    }

    /** A job of one layer of a scene, rendered by {@code renderer}, with its grant. */
    public FrameJob layerJob(UUID taskId, SceneManifest scene, String renderer, String layer, String camera,
                             String outputPrefix, FrameRange frames) {
        return layerJob(taskId, scene, renderer, layer, camera, outputPrefix, "png", frames);
    }

    /** {@link #layerJob} with images written as {@code format}. */
    public FrameJob layerJob(UUID taskId, SceneManifest scene, String renderer, String layer, String camera,
                             String outputPrefix, String format, FrameRange frames) {
        return TestJobs.job(taskId, scene, renderer, frames, camera, layer, new Resolution(64, 48), format, outputPrefix,
                60, files.grantFor(taskId, scene.scene().key(), TestJobs.resultKeyPrefix(taskId)));
    }

    /** The stand-in file-service (and token endpoint) the agent talks to. */
    public StandInFileService files() {
        return files;
    }

    /** On the lane of the job's pool and renderer, as task-service publishes it; the lane is made if need be. */
    public void publish(FrameJob job) {
        createLane(job.pool(), job.renderer());
        publishOn(Topics.frameJobs(job.pool(), job.renderer()), job);
    }

    /** On any (existing) topic, whatever the job's renderer: a misrouted job. Returns the record's offset. */
    public long publishOn(String topic, FrameJob job) {
        return send(topic, job.taskId().toString(), serializer.serialize(null, job));
    }

    /** On the pool's simulate lane. Returns the record's offset. */
    public long publishRaw(String pool, String key, byte[] value) {
        return send(Topics.frameJobs(pool, "simulate"), key, value);
    }

    /** A command record for this agent as it is on the wire, readable or not. */
    public void commandRaw(String json) {
        send(Topics.AGENT_COMMANDS, AGENT_ID, json.getBytes(StandardCharsets.UTF_8));
    }

    public void command(AgentCommand.Command command, FrameJob job) {
        AgentCommand c = new AgentCommand(UUID.randomUUID(), Instant.now(), AGENT_ID, command,
                job == null ? null : job.taskId(), job == null ? null : job.frameId(), job == null ? 0 : job.attempt());
        send(Topics.AGENT_COMMANDS, AGENT_ID, serializer.serialize(null, c));
    }

    /** task-service's CANCEL_FRAME of the job as the delivery of {@code token} gave it. */
    public void cancel(FrameJob job, Long token) {
        AgentCommand c = new AgentCommand(UUID.randomUUID(), Instant.now(), AGENT_ID, AgentCommand.Command.CANCEL_FRAME,
                job.taskId(), job.frameId(), job.attempt(), token);
        send(Topics.AGENT_COMMANDS, AGENT_ID, serializer.serialize(null, c));
    }

    public static ContentDigest.Digests digest(byte[] bytes) {
        try {
            return ContentDigest.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get().offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String corpusScene() {
        try {
            return Files.isRegularFile(CORPUS_SCENE) ? Files.readString(CORPUS_SCENE, StandardCharsets.ISO_8859_1)
                    : "//Maya ASCII 7.0 scene\nrequires maya \"7.0\";\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StoredObject stored(String key, byte[] bytes) {
        return digest(bytes).as(key);
    }

    @Override
    public void close() throws InterruptedException {
        events.close();
        producer.close();
    }
}
