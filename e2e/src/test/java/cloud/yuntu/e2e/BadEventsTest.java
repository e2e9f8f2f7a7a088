package cloud.yuntu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.LogLines;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.deploy.local.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the farm did not expect: frame events delivered twice and again long after, and a poison record on
 * every topic a service consumes. Nothing is counted twice, every poison record a service's consumer group
 * reads becomes a dead letter with its reason and is counted, and the farm goes on rendering exactly.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadEventsTest {

    private static final Duration TASK_TIME = Duration.ofMinutes(4);
    /** The consumer groups that read frame events: each applies a duplicate or a replay, or must ignore it. */
    private static final List<String> FRAME_EVENT_GROUPS = List.of("task-service", "file-service");

    static LocalFarm farm;
    static TaskApi api;
    static String kafka;

    @TempDir
    Path work;

    @BeforeAll
    static void farm(LocalFarm started) {
        farm = started;
        api = new TaskApi(farm.url(FarmService.GATEWAY).toString(), farm.tokens().user("bad-events-" + UUID.randomUUID()));
        kafka = farm.broker().bootstrapServers();
    }

    /**
     * The task's frame events read off the topic are published again byte for byte (same ids, same key) at once,
     * the same old batch again once frames have moved on, and every event of the task once more after it ended.
     */
    @Test
    @Order(1)
    void duplicatedAndReplayedFrameEventsChangeNothing() throws Exception {
        UUID taskId = submit("1-8", "1000");
        awaitSucceeded(taskId, 2);
        List<TopicLog.Logged<FrameEvent>> early = FrameEventsLog.records(kafka, taskId);
        assertThat(early).as("events of the first frames").anyMatch(r -> r.event() instanceof FrameCompleted);

        publishAgain(early);
        int succeededThen = (int) early.stream().filter(r -> r.event() instanceof FrameCompleted).count();
        // Frames move on: more complete (or the whole task does) before the old batch comes again.
        await().atMost(TASK_TIME).pollInterval(Duration.ofMillis(300)).until(() ->
                api.frames(taskId, "SUCCEEDED").size() >= succeededThen + 2
                        || "COMPLETED".equals(api.task(taskId).getString("status")));
        publishAgain(early);

        api.awaitStatus(taskId, "COMPLETED", TASK_TIME);
        Map<UUID, TopicLog.Logged<FrameEvent>> everyEvent = new LinkedHashMap<>();
        FrameEventsLog.records(kafka, taskId).forEach(r -> everyEvent.putIfAbsent(r.event().id(), r));
        publishAgain(List.copyOf(everyEvent.values()));
        awaitConsumed(FRAME_EVENT_GROUPS, Topics.FRAME_EVENTS);

        ExactTask.assertExact(api, kafka, taskId, 8);
    }

    /**
     * Unreadable bytes on every topic a service consumes, and on each a record it reads but can never apply where
     * one can be made without touching a real task (a NUL in a name the database must store, a request with no
     * scene key, a log batch whose block is not what it says). Each record of a consumer group becomes one letter
     * on farm.dead-letters naming its topic, service and reason, and the service's yuntu_dead_letters_total counts
     * it. What every replica or agent reads on its own is skipped and counted (the gateway's live logs and user
     * streams), or rejected (a frame job; the lane's share group archives it) or skipped (an agent command). A task
     * submitted afterwards renders exactly, its events reaching the browser.
     */
    @Test
    @Order(2)
    void aPoisonRecordOnEveryConsumedTopicBecomesADeadLetterAndTheFarmGoesOn() throws Exception {
        String marker = UUID.randomUUID().toString();
        // The lane this user's tasks render on (made by task-service: a write must not make a lane topic).
        List<Map<String, Object>> earlier = api.request().get("/api/tasks").then().statusCode(200).extract().jsonPath()
                .getList("items");
        assertThat(earlier).as("a task of this class rendered before (run the class, not this method alone)").isNotEmpty();
        io.restassured.path.json.JsonPath rendered = api.task(UUID.fromString((String) earlier.getFirst().get("id")));
        List<String> lanes = List.of(Topics.frameJobs(rendered.getString("pool"), rendered.getString("layers[0].renderer")));
        try (Admin admin = farm.broker().admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(lanes);
        }
        Map<FarmService, Map<String, Double>> lettersBefore = letterCounts();
        Map<String, Double> gatewayDropsBefore = gatewayDrops();
        Map<String, Integer> agentLogsBefore = agentLogLines();

        // Unreadable: bytes that are no event of the topic's contract.
        List<String> garbage = new ArrayList<>(List.of(Topics.FRAME_EVENTS, Topics.AGENT_HEARTBEATS, Topics.SCENE_RESULTS,
                Topics.TASK_EVENTS, Topics.NOTIFICATIONS, Topics.FRAME_LOGS, Topics.SCENE_ANALYSIS, "farm.user-streams",
                Topics.AGENT_COMMANDS));
        garbage.addAll(lanes);
        try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
            for (String topic : garbage) {
                raw.send(new ProducerRecord<>(topic, bytes("poison-" + marker), bytes("{\"type\":\"not an event of " + topic
                        + "\",\"marker\":\"" + marker + "\""))).get(30, TimeUnit.SECONDS);
            }
        }
        // Readable, but never applicable.
        try (KafkaProducer<String, Object> events = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all"), new org.apache.kafka.common.serialization.StringSerializer(),
                new EventSerializer<>())) {
            String refusedName = "poison-\u0000-" + marker;
            UUID noTask = UUID.randomUUID();
            send(events, Topics.AGENT_HEARTBEATS, refusedName, new AgentHeartbeat(UUID.randomUUID(), Instant.now(),
                    refusedName, "nowhere", List.of("basic"), 1, 1L << 30, List.of(), List.of(), 0, 0, List.of(),
                    AgentHeartbeat.AgentState.ACTIVE));
            String key = "results/20261204/" + noTask + "/poison.0001.png";
            send(events, Topics.FRAME_EVENTS, noTask.toString(), new FrameCompleted(UUID.randomUUID(), Instant.now(), noTask,
                    UUID.randomUUID(), 1, "agent-" + marker, List.of(new FrameOutput(1, "poison\u0000.0001.png",
                    new StoredObject(key, 1, "0".repeat(64), "0".repeat(16), "0".repeat(32)))), 1.0, 0));
            send(events, Topics.TASK_EVENTS, noTask.toString(), new TaskStatusChanged(UUID.randomUUID(), Instant.now(), noTask,
                    refusedName, TaskStatus.SUBMITTED, TaskStatus.ANALYSING, null));
            send(events, Topics.NOTIFICATIONS, refusedName, new Notification(UUID.randomUUID(), Instant.now(), refusedName,
                    Notification.Level.INFO, "poison", "poison " + marker, null, Notification.Kind.OPERATOR));
            send(events, Topics.SCENE_ANALYSIS, "poison-" + marker, new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(),
                    null, noTask, List.of(marker)));
            LogLines.Packed lines = LogLines.pack(List.of("a line"));
            // Announces 1,000 bytes its block does not hold.
            send(events, Topics.FRAME_LOGS, noTask.toString(), new FrameLogBatch(UUID.randomUUID(), Instant.now(), noTask,
                    UUID.randomUUID(), 1, "agent-" + marker, 0, 1, 1000, lines.lz4()));
        }

        Map<String, Set<String>> expected = Map.of(
                "task-service", Set.of(Topics.FRAME_EVENTS + "|unreadable", Topics.AGENT_HEARTBEATS + "|unreadable",
                        Topics.SCENE_RESULTS + "|unreadable", Topics.AGENT_HEARTBEATS + "|unprocessable"),
                "file-service", Set.of(Topics.FRAME_EVENTS + "|unreadable", Topics.TASK_EVENTS + "|unreadable",
                        Topics.FRAME_LOGS + "|unreadable", Topics.FRAME_EVENTS + "|unprocessable",
                        Topics.TASK_EVENTS + "|unprocessable", Topics.FRAME_LOGS + "|unprocessable"),
                "scene-service", Set.of(Topics.SCENE_ANALYSIS + "|unreadable", Topics.SCENE_ANALYSIS + "|unprocessable"),
                "notify-gateway", Set.of(Topics.TASK_EVENTS + "|unreadable", Topics.NOTIFICATIONS + "|unreadable",
                        Topics.TASK_EVENTS + "|unprocessable", Topics.NOTIFICATIONS + "|unprocessable"));
        int total = expected.values().stream().mapToInt(Set::size).sum();
        List<TopicLog.Logged<byte[]>> letters = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            letters.clear();
            letters.addAll(TopicLog.upToNow(kafka, Topics.DEAD_LETTERS, (topic, value) -> value,
                    value -> new String(value, StandardCharsets.UTF_8).contains(marker)));
            return letters.size() >= total;
        });
        Map<String, Set<String>> found = new HashMap<>();
        for (TopicLog.Logged<byte[]> letter : letters) {
            assertThat(header(letter, "dead-letter-cause")).as("the cause of a letter").isNotBlank();
            found.computeIfAbsent(header(letter, "dead-letter-service"), s -> new java.util.HashSet<>())
                    .add(header(letter, "dead-letter-topic") + "|" + header(letter, "dead-letter-reason"));
        }
        assertThat(letters).as("one letter per record and consumer group").hasSize(total);
        assertThat(found).isEqualTo(expected);
        assertThat(letters).filteredOn(l -> "unreadable".equals(header(l, "dead-letter-reason")))
                .allSatisfy(l -> assertThat(new String(l.value(), StandardCharsets.UTF_8)).as("byte for byte")
                        .isEqualTo("{\"type\":\"not an event of " + header(l, "dead-letter-topic") + "\",\"marker\":\"" + marker + "\""));
        assertThat(letters).filteredOn(l -> "unprocessable".equals(header(l, "dead-letter-reason")))
                .allSatisfy(l -> assertThat(header(l, "dead-letter-offset")).matches("\\d+"));

        // Each service counted its letters, by topic and reason.
        Map<FarmService, Map<String, Double>> lettersAfter = letterCounts();
        for (FarmService service : List.of(FarmService.TASK, FarmService.FILE, FarmService.SCENE, FarmService.GATEWAY)) {
            for (String counted : expected.get(service.module())) {
                assertThat(lettersAfter.get(service).getOrDefault(counted, 0.0)
                        - lettersBefore.get(service).getOrDefault(counted, 0.0))
                        .as("%s yuntu_dead_letters_total{topic|reason=%s}", service.module(), counted).isEqualTo(1.0);
            }
        }
        // What every gateway replica reads on its own is skipped and counted, not made a letter per replica.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Double> drops = gatewayDrops();
            assertThat(drops.getOrDefault("user-streams", 0.0) - gatewayDropsBefore.getOrDefault("user-streams", 0.0))
                    .as("farm.user-streams records skipped").isEqualTo(1.0);
            assertThat(drops.getOrDefault("frame-logs", 0.0) - gatewayDropsBefore.getOrDefault("frame-logs", 0.0))
                    .as("live log batches skipped").isEqualTo(1.0);
        });
        // Every agent reads the commands (and skips the record); a lane's record reaches one agent, which rejects it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Integer> now = agentLogLines();
            for (ServiceProcess agent : farm.agents()) {
                String log = agent.process().logFile().toString();
                assertThat(now.get(log + "|command") - agentLogsBefore.get(log + "|command"))
                        .as("unreadable commands skipped by %s", agent.name()).isEqualTo(1);
            }
            int rejected = now.entrySet().stream().filter(e -> e.getKey().endsWith("|job"))
                    .mapToInt(e -> e.getValue() - agentLogsBefore.get(e.getKey())).sum();
            assertThat(rejected).as("the unreadable job rejected by one agent").isEqualTo(lanes.size());
        });

        // The farm goes on: a task submitted now is analysed, rendered, counted and pushed as ever.
        String gateway = farm.url(FarmService.GATEWAY).toString();
        try (TaskEventsSocket socket = new TaskEventsSocket(gateway, api.token(), "")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !socket.envelopes().isEmpty());
            UUID after = submit("1-4", "500");
            api.awaitStatus(after, "COMPLETED", TASK_TIME);
            await().atMost(Duration.ofSeconds(30)).until(() -> !socket.about(after.toString()).isEmpty()
                    && socket.envelopes("task:completed").stream()
                            .anyMatch(e -> after.toString().equals(e.path("data").path("taskId").asText())));
            ExactTask.assertExact(api, kafka, after, 4);
        }
    }

    /** yuntu_dead_letters_total of each service with a consumer group, by topic and reason. */
    private static Map<FarmService, Map<String, Double>> letterCounts() {
        Map<FarmService, Map<String, Double>> counts = new HashMap<>();
        for (FarmService service : List.of(FarmService.TASK, FarmService.FILE, FarmService.SCENE)) {
            counts.put(service, FarmMetrics.samples(farm.url(service), "yuntu_dead_letters_total", "topic", "reason"));
        }
        // The replicas share the numbering's consumer group: whichever numbered the batch wrote and counted its letter.
        Map<String, Double> gateways = new HashMap<>();
        List<URI> managements = new ArrayList<>(List.of(farm.gatewayManagementUrl()));
        farm.gatewayReplicas().forEach(replica -> managements.add(replica.healthUrl()));
        for (URI management : managements) {
            FarmMetrics.samples(management, "yuntu_dead_letters_total", "topic", "reason").forEach((k, v) -> gateways.merge(k, v, Double::sum));
        }
        counts.put(FarmService.GATEWAY, gateways);
        return counts;
    }

    /** The gateway's unreadable records skipped: of farm.user-streams, and live log batches. */
    private static Map<String, Double> gatewayDrops() {
        URI management = farm.gatewayManagementUrl();
        Map<String, Double> drops = new HashMap<>();
        drops.put("user-streams", FarmMetrics.samples(management, "yuntu_gateway_events_dropped_total", "topic", "reason")
                .getOrDefault("user-streams|unreadable", 0.0));
        drops.put("frame-logs", FarmMetrics.samples(management, "yuntu_gateway_task_log_batches_dropped_total", "reason")
                .getOrDefault("unreadable", 0.0));
        return drops;
    }

    /** Per agent log, how often it skipped an unreadable command ({@code |command}) and rejected an unreadable job ({@code |job}). */
    private static Map<String, Integer> agentLogLines() throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (ServiceProcess agent : farm.agents()) {
            Path log = agent.process().logFile();
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            counts.put(log + "|command", (int) lines.stream().filter(l -> l.contains("Skipping unreadable agent command")).count());
            counts.put(log + "|job", (int) lines.stream().filter(l -> l.contains("Rejecting unreadable frame job")).count());
        }
        return counts;
    }

    /** The records again, byte for byte, each under its own key: the broker takes them as new records. */
    private static void publishAgain(List<TopicLog.Logged<FrameEvent>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
            for (TopicLog.Logged<FrameEvent> record : records) {
                ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(Topics.FRAME_EVENTS, record.key(), record.value());
                for (Header header : record.headers()) {
                    again.headers().add(header);
                }
                raw.send(again);
            }
            raw.flush();
        }
    }

    /** Waits until each group has committed every record the topic holds now: it has handled them. */
    private static void awaitConsumed(List<String> groups, String topic) throws Exception {
        try (Admin admin = farm.broker().admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            for (String group : groups) {
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                    return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue());
                });
            }
        }
    }

    private static void send(KafkaProducer<String, Object> producer, String topic, String key, FarmEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, event)).get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String header(TopicLog.Logged<?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private UUID submit(String frames, String msPerFrame) throws Exception {
        Path scene = Scenes.withSimulation(work, Scenes.BASE, "yuntu.simulate.msPerFrame", msPerFrame);
        return api.submit(scene, frames, 160, 90);
    }

    private static void awaitSucceeded(UUID taskId, int frames) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.frames(taskId, "SUCCEEDED").size() >= frames);
    }
}
