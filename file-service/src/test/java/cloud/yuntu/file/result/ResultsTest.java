package cloud.yuntu.file.result;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asService;
import static cloud.yuntu.file.Identities.asUser;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.Uploads;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ResultsTest {

    private static final String DAY = "20250101";

    @InjectKafkaBroker
    KafkaBroker broker;

    private KafkaProducer<String, Object> producer;

    @BeforeEach
    void producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>());
    }

    @AfterEach
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void completedFramesAreListedWithDownloadUrlsAndDuplicatesChangeNothing() throws Exception {
        UUID taskId = ownedBy("alice");
        UUID frameId = UUID.randomUUID();
        byte[] first = randomBytes(5000);
        byte[] second = randomBytes(7000);
        StoredObject beauty1 = upload(taskId, "beauty.0001.png", first);
        StoredObject beauty2 = upload(taskId, "beauty.0002.png", second);
        // An attempt that uploaded its output and then failed: its object exists but is never listed.
        UUID failedFrame = UUID.randomUUID();
        upload(taskId, "beauty.0003.png", randomBytes(100));
        send(taskId, new FrameFailed(UUID.randomUUID(), Instant.now(), taskId, failedFrame, 1, "agent-1", 137,
                "killed", List.of(), true));

        FrameCompleted completed = new FrameCompleted(UUID.randomUUID(), Instant.now(), taskId, frameId, 1, "agent-1",
                List.of(new FrameOutput(1, "beauty.0001.png", beauty1), new FrameOutput(2, "beauty.0002.png", beauty2)),
                12.5, 1L << 30);
        send(taskId, completed);

        JsonPath listed = await().atMost(Duration.ofSeconds(30)).until(() -> results(taskId), r -> r.getList("$").size() == 2);
        assertThat(listed.getList("key")).containsExactly(beauty1.key(), beauty2.key());
        assertThat(listed.getList("frame", Integer.class)).containsExactly(1, 2);
        assertThat(listed.getList("fileName")).containsExactly("beauty.0001.png", "beauty.0002.png");
        assertThat(listed.getList("size", Long.class)).containsExactly(beauty1.size(), beauty2.size());
        assertThat(listed.getList("sha256")).containsExactly(beauty1.sha256(), beauty2.sha256());
        assertThat(listed.getList("xxh64")).containsExactly(beauty1.xxh64(), beauty2.xxh64());
        assertThat(listed.getList("md5")).containsExactly(beauty1.md5(), beauty2.md5());
        assertThat(download(listed.getString("[0].url"))).isEqualTo(first);
        assertThat(download(listed.getString("[1].url"))).isEqualTo(second);

        // The same event redelivered, and the same completion reported again under a new id.
        send(taskId, completed);
        send(taskId, new FrameCompleted(UUID.randomUUID(), completed.time(), taskId, frameId, 1, "agent-1",
                completed.outputs(), completed.seconds(), completed.peakMemoryBytes()));
        // Events of one partition are handled in order: once the marker is listed, the duplicates were handled too.
        UUID marker = ownedBy("alice");
        StoredObject markerObject = upload(marker, "beauty.0001.png", randomBytes(10));
        send(marker, new FrameCompleted(UUID.randomUUID(), Instant.now(), marker, UUID.randomUUID(), 1, "agent-2",
                List.of(new FrameOutput(1, "beauty.0001.png", markerObject)), 1.0, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> results(marker).getList("$").size() == 1);

        JsonPath after = results(taskId);
        assertThat(after.getList("key")).containsExactly(beauty1.key(), beauty2.key());
        assertThat(after.getList("sha256")).containsExactly(beauty1.sha256(), beauty2.sha256());
    }

    @Test
    void aTaskWithoutCompletedFramesHasAnEmptyList() throws Exception {
        assertThat(results(ownedBy("alice")).getList("$")).isEmpty();
    }

    @Test
    void onlyTheOwnerOperatorsAndServicesListATasksResults() throws Exception {
        UUID taskId = ownedBy("alice");
        StoredObject beauty = upload(taskId, "beauty.0001.png", randomBytes(100));
        send(taskId, new FrameCompleted(UUID.randomUUID(), Instant.now(), taskId, UUID.randomUUID(), 1, "agent-1",
                List.of(new FrameOutput(1, "beauty.0001.png", beauty)), 1.0, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> results(taskId).getList("$").size() == 1);

        for (RequestSpecification caller : new RequestSpecification[] {asAdmin(), asService()}) {
            caller.get("/api/files/results/" + taskId).then().statusCode(200).body("[0].key", equalTo(beauty.key()));
        }
        String unknown = asUser("bob").get("/api/files/results/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").extract().path("title");
        for (RequestSpecification caller : new RequestSpecification[] {asUser("bob"), asAgent("agent-1"),
                asUser("bob").header("X-Yuntu-User", "alice")}) {
            caller.get("/api/files/results/" + taskId).then().statusCode(404).contentType("application/problem+json")
                    .body("status", equalTo(404), "title", equalTo(unknown));
        }
    }

    @Test
    void aTaskWhoseOwnerIsNotKnownYetIsNotFoundForUsers() throws Exception {
        UUID taskId = UUID.randomUUID();
        asUser("alice").get("/api/files/results/" + taskId).then().statusCode(404);
        // Operators see what there is, owner known or not.
        asAdmin().get("/api/files/results/" + taskId).then().statusCode(200).body("size()", equalTo(0));

        sendTaskEvent(taskId, "alice");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                asUser("alice").get("/api/files/results/" + taskId).then().statusCode(200));
    }

    @Test
    void aTaskKeepsItsFirstOwnerWhateverLaterEventsSay() throws Exception {
        UUID taskId = ownedBy("alice");
        sendTaskEvent(taskId, "mallory");
        // Events of one partition are handled in order: once the marker's owner is known, the claim was handled too.
        UUID marker = ownedBy("alice");
        assertThat(marker).isNotNull();

        asUser("alice").get("/api/files/results/" + taskId).then().statusCode(200);
        asUser("mallory").get("/api/files/results/" + taskId).then().statusCode(404);
    }

    @Test
    void aResultObjectBelongsToTheOwnerOfItsTask() throws Exception {
        UUID taskId = UUID.randomUUID();
        StoredObject frame = upload(taskId, "beauty.0001.png", randomBytes(10));
        // Written through a presigned URL: nobody's until the task's owner is known.
        asUser("alice").queryParam("key", frame.key()).get("/api/files/objects").then().statusCode(404);

        sendTaskEvent(taskId, "alice");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asUser("alice").queryParam("key", frame.key())
                .get("/api/files/objects").then().statusCode(200).body("owner", equalTo("alice")));
        asUser("bob").queryParam("key", frame.key()).get("/api/files/objects").then().statusCode(404);
        String url = asUser("alice").contentType(ContentType.JSON).body(Map.of("key", frame.key(), "method", "GET"))
                .post("/api/files/presign").then().statusCode(200).extract().path("url");
        FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(200);
        asUser("bob").contentType(ContentType.JSON).body(Map.of("key", frame.key(), "method", "GET"))
                .post("/api/files/presign").then().statusCode(404);
    }

    @Test
    void aConfirmedResultCannotBeReplacedButAnUnconfirmedOneCan() throws Exception {
        UUID taskId = ownedBy("alice");
        UUID frameId = UUID.randomUUID();
        // A first attempt wrote the key and failed; the retry writes it again, before anything was confirmed.
        upload(taskId, "beauty.0001.png", randomBytes(300));
        byte[] confirmedBytes = randomBytes(400);
        StoredObject confirmed = upload(taskId, "beauty.0001.png", confirmedBytes);
        send(taskId, new FrameCompleted(UUID.randomUUID(), Instant.now(), taskId, frameId, 2, "agent-1",
                List.of(new FrameOutput(1, "beauty.0001.png", confirmed)), 1.0, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> results(taskId).getList("$").size() == 1);

        byte[] other = randomBytes(400);
        String reprDigest = "sha-256=:" + java.util.Base64.getEncoder().encodeToString(
                java.util.HexFormat.of().parseHex(confirmed.sha256())) + ":";
        Uploads.put(confirmed.key(), other).statusCode(409).contentType("application/problem+json")
                .header("Repr-Digest", reprDigest).body("status", equalTo(409));
        // The same content again is refused alike: a confirmed object is never written again.
        Uploads.put(confirmed.key(), confirmedBytes).statusCode(409).header("Repr-Digest", reprDigest);

        JsonPath listed = results(taskId);
        assertThat(listed.getList("sha256")).containsExactly(confirmed.sha256());
        assertThat(download(listed.getString("[0].url"))).isEqualTo(confirmedBytes);
        asAdmin().queryParam("key", confirmed.key()).get("/api/files/objects").then().statusCode(200)
                .body("sha256", equalTo(IndependentDigest.of(confirmedBytes).sha256()));
    }

    @Test
    void aCompletionWhoseBytesWereReplacedSinceIsNotListed() throws Exception {
        UUID taskId = ownedBy("alice");
        StoredObject early = upload(taskId, "beauty.0001.png", randomBytes(100));
        // Another attempt replaced the bytes before the first one's completion arrived.
        StoredObject replaced = upload(taskId, "beauty.0001.png", randomBytes(120));
        send(taskId, new FrameCompleted(UUID.randomUUID(), Instant.now(), taskId, UUID.randomUUID(), 1, "agent-1",
                List.of(new FrameOutput(1, "beauty.0001.png", early)), 1.0, 0));
        StoredObject marker = upload(taskId, "beauty.0002.png", randomBytes(10));
        send(taskId, new FrameCompleted(UUID.randomUUID(), Instant.now(), taskId, UUID.randomUUID(), 1, "agent-1",
                List.of(new FrameOutput(2, "beauty.0002.png", marker)), 1.0, 0));
        // Events of one partition are handled in order: once the marker is listed, the first was handled too.
        await().atMost(Duration.ofSeconds(30)).until(() -> results(taskId).getList("key").contains(marker.key()));

        assertThat(results(taskId).getList("key")).containsExactly(marker.key());
        assertThat(replaced.sha256()).isNotEqualTo(early.sha256());
    }

    @Test
    void aResultIsDeletedByItsOwnerOnlyOnceItsTaskEnded() throws Exception {
        UUID taskId = ownedBy("alice");
        StoredObject first = upload(taskId, "beauty.0001.png", randomBytes(100));
        StoredObject second = upload(taskId, "beauty.0002.png", randomBytes(100));
        send(taskId, new FrameCompleted(UUID.randomUUID(), Instant.now(), taskId, UUID.randomUUID(), 1, "agent-1",
                List.of(new FrameOutput(1, "beauty.0001.png", first), new FrameOutput(2, "beauty.0002.png", second)),
                1.0, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> results(taskId).getList("$").size() == 2);

        // Rendering: its results stay, whoever asks.
        for (RequestSpecification caller : new RequestSpecification[] {asUser("alice"), asAdmin()}) {
            caller.queryParam("key", first.key()).delete("/api/files/objects").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString(taskId.toString()),
                            "errors[0].field", equalTo("key"));
        }
        sendStatus(taskId, "alice", TaskStatus.RENDERING, TaskStatus.COMPLETED);
        ownedBy("alice");

        asUser("bob").queryParam("key", first.key()).delete("/api/files/objects").then().statusCode(404);
        asAgent("agent-1").queryParam("key", first.key()).delete("/api/files/objects").then().statusCode(403);
        asUser("alice").queryParam("key", first.key()).delete("/api/files/objects").then().statusCode(204);
        assertThat(results(taskId).getList("key")).containsExactly(second.key());
        asUser("alice").queryParam("key", first.key()).get("/api/files/objects").then().statusCode(404);
        asUser("alice").queryParam("key", first.key()).delete("/api/files/objects").then().statusCode(404);

        // A retry brings the task back to rendering: what is left of it stays again.
        sendStatus(taskId, "alice", TaskStatus.COMPLETED, TaskStatus.QUEUED);
        ownedBy("alice");
        asUser("alice").queryParam("key", second.key()).delete("/api/files/objects").then().statusCode(409);
        assertThat(results(taskId).getList("key")).containsExactly(second.key());
    }

    @Test
    void aResultOfATaskNotAnnouncedYetIsKept() {
        StoredObject frame = upload(UUID.randomUUID(), "beauty.0001.png", randomBytes(10));
        asAdmin().queryParam("key", frame.key()).delete("/api/files/objects").then().statusCode(409)
                .body("detail", containsString("not been announced"));
        asAdmin().queryParam("key", frame.key()).get("/api/files/objects").then().statusCode(200);
    }

    /**
     * Completions sent together arrive in one poll and are confirmed in one transaction; one among them the database
     * refuses (a file name longer than its column) fails the batch, which then goes one by one: the bad one becomes a
     * dead letter and every other is listed.
     */
    @Test
    void completionsOfOnePollAreConfirmedTogetherAndOneRefusedDoesNotHoldTheOthersBack() throws Exception {
        UUID taskId = ownedBy("alice");
        List<StoredObject> objects = new java.util.ArrayList<>();
        for (int frame = 1; frame <= 20; frame++) {
            objects.add(upload(taskId, "beauty." + String.format("%04d", frame) + ".png", randomBytes(64)));
        }
        StoredObject refusedObject = upload(taskId, "beauty.0999.png", randomBytes(64));
        String tooLong = "x".repeat(600);
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (int frame = 1; frame <= 20; frame++) {
            if (frame == 11) {
                sent.add(producer.send(new ProducerRecord<>(Topics.FRAME_EVENTS, 0, taskId.toString(), new FrameCompleted(
                        UUID.randomUUID(), Instant.now(), taskId, UUID.randomUUID(), 1, "agent-1",
                        List.of(new FrameOutput(999, tooLong, refusedObject)), 1.0, 0))));
            }
            sent.add(producer.send(new ProducerRecord<>(Topics.FRAME_EVENTS, 0, taskId.toString(), new FrameCompleted(
                    UUID.randomUUID(), Instant.now(), taskId, UUID.randomUUID(), 1, "agent-1",
                    List.of(new FrameOutput(frame, "beauty." + String.format("%04d", frame) + ".png",
                            objects.get(frame - 1))), 1.0, 0))));
        }
        for (java.util.concurrent.Future<?> future : sent) {
            future.get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> results(taskId).getList("$").size() == 20);
        assertThat(results(taskId).getList("key")).containsExactlyElementsOf(objects.stream().map(StoredObject::key).toList());
        assertThat(cloud.yuntu.testsupport.DeadLetterLog.lettersNaming(broker, tooLong, 1)).hasSize(1);
    }

    /** A new task of {@code user}, once file-service learnt whose it is from farm.task-events. */
    @Test
    void aTaskEventTheDatabaseRefusesBecomesADeadLetterAndLaterOnesAreHandled() throws Exception {
        // PostgreSQL takes no NUL in a text: this owner can never be stored, however often it is tried.
        UUID refused = UUID.randomUUID();
        sendTaskEvent(refused, "al\u0000ice");
        UUID after = ownedBy("alice");
        assertThat(after).isNotNull();

        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern(
                "yuntu_dead_letters_total\\{[^}]*reason=\"unprocessable\"[^}]*topic=\"farm\\.task-events\"[^}]*} [1-9]");
        asUser("alice").get("/api/files/results/" + refused).then().statusCode(404);
    }

    private UUID ownedBy(String user) throws Exception {
        UUID taskId = UUID.randomUUID();
        sendTaskEvent(taskId, user);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                asUser(user).get("/api/files/results/" + taskId).then().statusCode(200));
        return taskId;
    }

    /** Always partition 0 of the task topic, so the order of sends is the order of handling. */
    private void sendTaskEvent(UUID taskId, String user) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, 0, taskId.toString(), new TaskStatusChanged(
                UUID.randomUUID(), Instant.now(), taskId, user, TaskStatus.SUBMITTED, TaskStatus.QUEUED, null))).get();
    }

    private void sendStatus(UUID taskId, String user, TaskStatus from, TaskStatus to) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, 0, taskId.toString(), new TaskStatusChanged(
                UUID.randomUUID(), Instant.now(), taskId, user, from, to, null))).get();
    }

    private StoredObject upload(UUID taskId, String fileName, byte[] bytes) {
        String key = "results/" + DAY + "/" + taskId + "/" + fileName;
        // As an operator: the agents' own presigning (with grants) is PresignAccessTest's.
        JsonPath stored = Uploads.put(key, bytes).statusCode(200).extract().jsonPath();
        return new StoredObject(stored.getString("key"), stored.getLong("size"), stored.getString("sha256"),
                stored.getString("xxh64"), stored.getString("md5"));
    }

    /** Always partition 0, so the order of sends is the order of handling. */
    private void send(UUID taskId, FrameEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FRAME_EVENTS, 0, taskId.toString(), event)).get();
    }

    private static JsonPath results(UUID taskId) {
        return asUser("alice").get("/api/files/results/" + taskId).then().statusCode(200).extract().jsonPath();
    }

    private static byte[] download(String url) {
        return FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(200).extract().asByteArray();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
