package cloud.yuntu.file.framelog;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asService;
import static cloud.yuntu.file.Identities.asUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.LogLines;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.file.TaskEvents;
import cloud.yuntu.file.Uploads;
import cloud.yuntu.testsupport.DeadLetterLog;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frame logs from {@code farm.frame-logs} on the real broker into the database, and out again as text
 * through {@code /api/files/logs}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class FrameLogsTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    FrameLogSweeper sweeper;

    @Inject
    MeterRegistry meters;

    @Inject
    Pool pool;

    private KafkaProducer<String, Object> producer;
    private KafkaProducer<String, byte[]> rawProducer;
    private TaskEvents taskEvents;

    @BeforeEach
    void producers() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>());
        rawProducer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        taskEvents = new TaskEvents(broker);
    }

    @AfterEach
    void close() {
        producer.close(Duration.ofSeconds(5));
        rawProducer.close(Duration.ofSeconds(5));
        taskEvents.close();
    }

    @Test
    void batchesOutOfOrderAndRepeatedReadAsOneLogWithItsGapMarked() throws Exception {
        UUID task = ownedBy("alice");
        UUID frame = UUID.randomUUID();
        // Lines 0-8 and 10-11 of attempt 1; line 9's batch never arrives. Sent out of order, one twice,
        // with an unreadable record and a batch whose block is damaged in between: neither stops the others.
        send(batch(task, frame, 1, 7, "line 7", "line 8"));
        send(batch(task, frame, 1, 0, "Yuntu simulated renderer 1.0", "line 1", "line 2 ünïcødé 渲染"));
        rawProducer.send(new ProducerRecord<>(Topics.FRAME_LOGS, frame.toString(),
                "{\"type\":\"frame.logs.v1\",\"id\":".getBytes(StandardCharsets.UTF_8))).get();
        FrameLogBatch damaged = batch(task, frame, 1, 9, "line 9");
        send(new FrameLogBatch(damaged.id(), damaged.time(), task, frame, 1, "agent-7", 9, 1, 1000, damaged.lz4()));
        FrameLogBatch lines3to4 = batch(task, frame, 1, 3, "line 3", "\tline 4 indented");
        send(lines3to4);
        send(lines3to4);
        send(batch(task, frame, 1, 5, "line 5", ""));
        send(batch(task, frame, 1, 10, "line 10", "Result: beauty.0001.exr"));
        // Attempt 2 of the same frame, which is the latest.
        send(batch(task, frame, 2, 0, "attempt 2 starts"));
        send(batch(task, frame, 2, 1, "attempt 2 ends"));

        String attempt1 = """
                Yuntu simulated renderer 1.0
                line 1
                line 2 ünïcødé 渲染
                line 3
                \tline 4 indented
                line 5

                line 7
                line 8
                [… 1 line missing …]
                line 10
                Result: beauty.0001.exr
                """;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(text(asUser("alice").queryParam("attempt", 1), task, frame)).isEqualTo(attempt1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(text(asUser("alice"), task, frame)).isEqualTo("attempt 2 starts\nattempt 2 ends\n"));

        Response latest = asUser("alice").get(logPath(task, frame));
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.contentType().replace(" ", "")).isEqualToIgnoringCase("text/plain;charset=utf-8");
        assertThat(latest.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"" + task + "-" + frame + "-2.log\"; filename*=UTF-8''" + task + "-"
                        + frame + "-2.log");
        assertThat(asUser("alice").queryParam("attempt", 1).get(logPath(task, frame)).header("Content-Disposition"))
                .contains(task + "-" + frame + "-1.log");

        List<Map<String, Object>> attempts = asUser("alice").get("/api/files/logs/" + task)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(attempts).extracting(a -> a.get("frameId"), a -> a.get("attempt"), a -> a.get("agentId"),
                a -> ((Number) a.get("lines")).longValue(), a -> ((Number) a.get("missingLines")).longValue())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(frame.toString(), 1, "agent-7", 11L, 1L),
                        org.assertj.core.groups.Tuple.tuple(frame.toString(), 2, "agent-7", 2L, 0L));
        long textBytes = 0;
        for (String line : attempt1.split("\n", -1)) {
            textBytes += line.startsWith("[…") ? 0 : line.getBytes(StandardCharsets.UTF_8).length;
        }
        // The uncompressed batches hold the lines without the newlines that join batches: 11 lines in 5 batches.
        assertThat(((Number) attempts.get(0).get("bytes")).longValue()).isEqualTo(textBytes + 11 - 5);
        assertThat(Instant.parse((String) attempts.get(0).get("firstTime")))
                .isBeforeOrEqualTo(Instant.parse((String) attempts.get(0).get("lastTime")));
    }

    @Test
    void aBatchThatCannotBeKeptBecomesADeadLetterAndTheOthersOfItsPollAreKept() throws Exception {
        UUID task = ownedBy("alice");
        UUID frame = UUID.randomUUID();
        Counter letters = meters.counter("yuntu.dead.letters", "topic", Topics.FRAME_LOGS, "reason", "unprocessable");
        double lettersBefore = letters.count();
        FrameLogBatch first = batch(task, frame, 1, 0, "line 0");
        // Announces 1000 bytes its block does not hold: the check refuses it.
        FrameLogBatch damagedLines = batch(task, frame, 1, 1, "line 1");
        FrameLogBatch damaged = new FrameLogBatch(damagedLines.id(), damagedLines.time(), task, frame, 1, "agent-7", 1, 1,
                1000, damagedLines.lz4());
        // Passes the check, but the database refuses it as data. Nothing that passes the check does today, so a
        // double of the table refuses this agent's batches as PostgreSQL refuses a value it cannot store.
        FrameLogBatch lateLines = batch(task, frame, 1, 2, "line 2");
        FrameLogBatch late = new FrameLogBatch(lateLines.id(), lateLines.time(), task, frame, 1, REFUSED_AGENT, 2, 1,
                lateLines.uncompressedBytes(), lateLines.lz4());
        QuarkusMock.installMockForType(new RefusingFrameLogs(pool), FrameLogs.class);
        FrameLogBatch last = batch(task, frame, 1, 3, "line 3");
        // Sent together, so they are likely one poll: the refused ones must not hold back the others.
        for (FrameLogBatch batch : List.of(first, damaged, late, last)) {
            producer.send(new ProducerRecord<>(Topics.FRAME_LOGS, frame.toString(), batch));
        }
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(attempts(asUser("alice"), task))
                .singleElement().satisfies(attempt -> {
                    Map<?, ?> listed = (Map<?, ?>) attempt;
                    assertThat(((Number) listed.get("lines")).longValue()).isEqualTo(2);
                    assertThat(((Number) listed.get("missingLines")).longValue()).isEqualTo(2);
                }));
        Map<String, ConsumerRecord<byte[], byte[]>> byBatch = Stream.of(damaged.id(), late.id()).map(UUID::toString)
                .collect(Collectors.toMap(id -> id, id -> DeadLetterLog.lettersNaming(broker, id, 1).getFirst()));
        assertThat(byBatch.values()).allSatisfy(letter -> {
            assertThat(DeadLetterLog.header(letter, "dead-letter-topic")).isEqualTo(Topics.FRAME_LOGS);
            assertThat(DeadLetterLog.header(letter, "dead-letter-service")).isEqualTo("file-service");
            assertThat(DeadLetterLog.header(letter, "dead-letter-reason")).isEqualTo("unprocessable");
            assertThat(DeadLetterLog.header(letter, "dead-letter-offset")).matches("\\d+");
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(frame.toString());
        });
        assertThat(DeadLetterLog.header(byBatch.get(damaged.id().toString()), "dead-letter-cause"))
                .contains("cannot be kept").contains("1000");
        assertThat(DeadLetterLog.header(byBatch.get(late.id().toString()), "dead-letter-cause")).contains("22021");
        assertThat(letters.count()).isEqualTo(lettersBefore + 2);
        assertThat(text(asUser("alice"), task, frame)).isEqualTo("line 0\n[… 2 lines missing …]\nline 3\n");
    }

    private static final String REFUSED_AGENT = "agent-the-database-refuses";

    /** The table, but a batch of {@link #REFUSED_AGENT} fails the insert of its poll as PostgreSQL refuses data. */
    static final class RefusingFrameLogs extends FrameLogs {

        RefusingFrameLogs(Pool pool) {
            super(pool);
        }

        @Override
        Uni<Integer> store(List<LogBatch> batches) {
            if (batches.stream().anyMatch(b -> REFUSED_AGENT.equals(b.agentId()))) {
                return Uni.createFrom().failure(new PgException("invalid byte sequence for encoding \"UTF8\": 0x00",
                        "ERROR", "22021", null));
            }
            return super.store(batches);
        }
    }

    @Test
    void aLongLogIsReadPageAfterPageInOrder() throws Exception {
        UUID task = ownedBy("alice");
        UUID frame = UUID.randomUUID();
        // 150 batches of 2 lines: more than two pages of 64 batches; sent last to first.
        List<String> expected = new ArrayList<>();
        for (int b = 0; b < 150; b++) {
            expected.add("progress " + (2 * b));
            expected.add("progress " + (2 * b + 1));
        }
        for (int b = 149; b >= 0; b--) {
            producer.send(new ProducerRecord<>(Topics.FRAME_LOGS, frame.toString(),
                    batch(task, frame, 3, 2L * b, expected.get(2 * b), expected.get(2 * b + 1))));
        }
        producer.flush();
        String all = String.join("\n", expected) + "\n";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(text(asUser("alice"), task, frame)).isEqualTo(all));
        assertThat(asUser("alice").get("/api/files/logs/" + task).then().statusCode(200).extract().jsonPath()
                .getLong("[0].lines")).isEqualTo(300);
    }

    @Test
    void onlyTheOwnerOperatorsAndServicesReadATasksLogs() throws Exception {
        UUID task = ownedBy("alice");
        UUID frame = UUID.randomUUID();
        send(batch(task, frame, 1, 0, "secret scene path /projects/alice/shot.ma"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(text(asUser("alice"), task, frame)).isEqualTo("secret scene path /projects/alice/shot.ma\n"));

        for (RequestSpecification caller : new RequestSpecification[] {asAdmin(), asService()}) {
            caller.get(logPath(task, frame)).then().statusCode(200);
        }
        asAdmin().get("/api/files/logs/" + task).then().statusCode(200).body("size()", equalTo(1));
        // Another user, an agent, and a task nobody announced: all the answer of a task that does not exist.
        UUID unknown = UUID.randomUUID();
        for (RequestSpecification caller : new RequestSpecification[] {asUser("bob"), asAgent("agent-7")}) {
            notFound(caller.get("/api/files/logs/" + task));
            notFound(caller.get(logPath(task, frame)));
        }
        notFound(asUser("alice").get("/api/files/logs/" + unknown));
        notFound(asUser("alice").get(logPath(unknown, frame)));
        // The task is alice's, but this frame of it, or this attempt, has no log.
        notFound(asUser("alice").get(logPath(task, UUID.randomUUID())));
        notFound(asUser("alice").queryParam("attempt", 2).get(logPath(task, frame)));
        // No token.
        given().get("/api/files/logs/" + task).then().statusCode(401);
        given().get(logPath(task, frame)).then().statusCode(401);
    }

    @Test
    void badIdsAndAttemptsAreRefusedNamingTheParameter() throws Exception {
        UUID task = ownedBy("alice");
        UUID frame = UUID.randomUUID();
        invalid(asUser("alice").get("/api/files/logs/not-a-task"), "taskId");
        invalid(asUser("alice").get("/api/files/logs/not-a-task/frames/" + frame), "taskId");
        invalid(asUser("alice").get("/api/files/logs/" + task + "/frames/12"), "frameId");
        for (String attempt : new String[] {"0", "-1", "last", "1.5"}) {
            invalid(asUser("alice").queryParam("attempt", attempt).get(logPath(task, frame)), "attempt");
        }
    }

    @Test
    void logsGoAfterTheRetentionOnceTheirTaskEndedOrWhenNoTaskClaimsThem() throws Exception {
        UUID ended = ownedBy("carol");
        UUID open = ownedBy("carol");
        UUID unclaimed = UUID.randomUUID();
        UUID frame = UUID.randomUUID();
        send(batch(ended, frame, 1, 0, "log of the ended task"));
        for (UUID task : List.of(open, unclaimed)) {
            send(batch(task, UUID.randomUUID(), 1, 0, "log of " + task));
        }
        taskEvents.status(ended, "carol", TaskStatus.RENDERING, TaskStatus.COMPLETED);
        taskEvents.awaitHandled();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (UUID task : List.of(ended, open, unclaimed)) {
                assertThat(attempts(asAdmin(), task)).as("logs of " + task).hasSize(1);
            }
        });

        Instant now = Instant.now();
        sweeper.sweep(now.plus(29, ChronoUnit.DAYS)).await().indefinitely();
        for (UUID task : List.of(ended, open, unclaimed)) {
            assertThat(attempts(asAdmin(), task)).as("logs of " + task + " within the retention").hasSize(1);
        }
        sweeper.sweep(now.plus(31, ChronoUnit.DAYS)).await().indefinitely();
        assertThat(attempts(asAdmin(), ended)).isEmpty();
        assertThat(attempts(asAdmin(), unclaimed)).isEmpty();
        assertThat(attempts(asUser("carol"), open)).hasSize(1);
        notFound(asUser("carol").get(logPath(ended, frame)));
    }

    @Test
    void theLogsOfATaskGoWithItsLastResult() throws Exception {
        UUID task = ownedBy("dave");
        UUID frame1 = UUID.randomUUID();
        UUID frame2 = UUID.randomUUID();
        StoredObject first = upload("results/20250101/" + task + "/beauty.0001.png", new byte[] {1, 2, 3});
        StoredObject second = upload("results/20250101/" + task + "/beauty.0002.png", new byte[] {4, 5, 6});
        producer.send(new ProducerRecord<>(Topics.FRAME_EVENTS, 0, task.toString(), new FrameCompleted(UUID.randomUUID(),
                Instant.now(), task, frame1, 1, "agent-7", List.of(new FrameOutput(1, "beauty.0001.png", first),
                new FrameOutput(2, "beauty.0002.png", second)), 1.0, 0))).get();
        send(batch(task, frame1, 1, 0, "frame 1 rendered"));
        send(batch(task, frame2, 1, 0, "frame 2 rendered"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(asUser("dave").get("/api/files/results/" + task).then().statusCode(200).extract().jsonPath()
                    .getList("$")).hasSize(2);
            assertThat(attempts(asUser("dave"), task)).hasSize(2);
        });
        taskEvents.status(task, "dave", TaskStatus.RENDERING, TaskStatus.COMPLETED);
        taskEvents.awaitHandled();

        asUser("dave").queryParam("key", first.key()).delete("/api/files/objects").then().statusCode(204);
        assertThat(attempts(asUser("dave"), task)).as("one result is left").hasSize(2);
        asUser("dave").queryParam("key", second.key()).delete("/api/files/objects").then().statusCode(204);
        assertThat(attempts(asUser("dave"), task)).isEmpty();
        notFound(asUser("dave").get(logPath(task, frame1)));
    }

    /** A new task of {@code user}, once file-service learnt whose it is. */
    private UUID ownedBy(String user) throws Exception {
        UUID task = UUID.randomUUID();
        taskEvents.status(task, user, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                asUser(user).get("/api/files/logs/" + task).then().statusCode(200));
        return task;
    }

    private static StoredObject upload(String key, byte[] bytes) {
        JsonPath stored = Uploads.put(key, bytes).statusCode(200).extract().jsonPath();
        return new StoredObject(stored.getString("key"), stored.getLong("size"), stored.getString("sha256"),
                stored.getString("xxh64"), stored.getString("md5"));
    }

    private void send(FrameLogBatch batch) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FRAME_LOGS, batch.frameId().toString(), batch)).get();
    }

    private static FrameLogBatch batch(UUID task, UUID frame, int attempt, long firstLine, String... lines) {
        LogLines.Packed packed = LogLines.pack(List.of(lines));
        return new FrameLogBatch(UUID.randomUUID(), Instant.now(), task, frame, attempt, "agent-7", firstLine,
                lines.length, packed.uncompressedBytes(), packed.lz4());
    }

    private static String logPath(UUID task, UUID frame) {
        return "/api/files/logs/" + task + "/frames/" + frame;
    }

    private static String text(RequestSpecification caller, UUID task, UUID frame) {
        Response answer = caller.get(logPath(task, frame));
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        return new String(answer.asByteArray(), StandardCharsets.UTF_8);
    }

    private static List<Object> attempts(RequestSpecification caller, UUID task) {
        JsonPath list = caller.get("/api/files/logs/" + task).then().statusCode(200).extract().jsonPath();
        return list.getList("$");
    }

    private static void notFound(Response answer) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    private static void invalid(Response answer, String parameter) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getList("errors.field", String.class)).containsExactly(parameter);
    }
}
