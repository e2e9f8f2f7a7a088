package cloud.yuntu.file.asset;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asAgent;
import static cloud.yuntu.file.Identities.asService;
import static cloud.yuntu.file.Identities.asUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.file.Assets;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.testsupport.InjectKafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PUT /api/assets/manifests/{taskId}} and the release of a manifest when its task ends. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ManifestsTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    AssetManifests manifests;

    @Inject
    FileConfig config;

    @Inject
    Pool pool;

    private KafkaProducer<String, Object> producer;

    @BeforeEach
    void producer() {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(settings, new StringSerializer(), new EventSerializer<>());
    }

    @AfterEach
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aServiceRetainsTheOwnersContentsAndTheSameRequestAgainChangesNothing() {
        String texture = Assets.upload("alice", Assets.randomContent(1_000));
        String cache = Assets.upload("alice", Assets.randomContent(2_000));
        UUID task = UUID.randomUUID();
        Map<String, Object> body = manifest("alice", claim(texture, 1_000), claim(cache, 2_000), claim(texture, 1_000));

        retain(asService(), task, body).statusCode(204);
        retain(asService(), task, body).statusCode(204);
        retain(asAdmin(), task, body).statusCode(204);

        assertThat(heldBy(task)).containsExactlyInAnyOrder(texture, cache);
    }

    @Test
    void otherContentForTheSameTaskIsAConflictAndChangesNothing() {
        byte[] textureBytes = Assets.randomContent(1_000);
        String texture = Assets.upload("alice", textureBytes);
        String other = Assets.upload("alice", Assets.randomContent(1_001));
        UUID task = UUID.randomUUID();
        retain(asService(), task, manifest("alice", claim(texture, 1_000))).statusCode(204);

        retain(asService(), task, manifest("alice", claim(other, 1_001))).statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        Assets.upload("bob", textureBytes);
        retain(asService(), task, manifest("bob", claim(texture, 1_000))).statusCode(409);

        assertThat(heldBy(task)).containsExactly(texture);
    }

    @Test
    void contentTheOwnerDidNotUploadWithThatSizeIs422ByItsPlaceAndNothingIsRetained() {
        String alices = Assets.upload("alice", Assets.randomContent(500));
        byte[] sharedBytes = Assets.randomContent(600);
        // bob uploaded these bytes; alice did not, so they are not hers to use.
        String shared = Assets.upload("bob", sharedBytes);
        String bobs = Assets.upload("bob", Assets.randomContent(700));
        UUID task = UUID.randomUUID();

        retain(asService(), task, manifest("alice", claim(alices, 500), claim(shared, 600), claim(alices, 501),
                claim(bobs, 700), claim("f".repeat(64), 1)))
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", contains("assets[1].sha256", "assets[2].sha256", "assets[3].sha256",
                        "assets[4].sha256"))
                .body("errors[0].message", equalTo("not uploaded by the owner (with size 600)"));
        assertThat(heldBy(task)).isEmpty();

        Assets.upload("alice", sharedBytes);
        retain(asService(), task, manifest("alice", claim(alices, 500), claim(shared, 600))).statusCode(204);
        assertThat(heldBy(task)).containsExactlyInAnyOrder(alices, shared);
    }

    @Test
    void onlyServicesAndOperatorsRetain() {
        String texture = Assets.upload("alice", Assets.randomContent(100));
        UUID task = UUID.randomUUID();
        Map<String, Object> body = manifest("alice", claim(texture, 100));

        retain(given(), task, body).statusCode(401);
        retain(asUser("alice"), task, body).statusCode(403).contentType("application/problem+json");
        retain(asAgent("agent-1"), task, body).statusCode(403);
        // Refused before the body is looked at.
        retain(asUser("alice"), task, Map.of()).statusCode(403);

        assertThat(heldBy(task)).isEmpty();
    }

    @Test
    void badInputIs422NamingTheField() {
        String good = "a".repeat(64);
        UUID task = UUID.randomUUID();
        asService().contentType(ContentType.JSON).body(manifest("alice", claim(good, 1)))
                .put("/api/assets/manifests/not-a-task").then().statusCode(422).body("errors[0].field", equalTo("taskId"));
        asService().contentType(ContentType.JSON).body(manifest("alice", claim(good, 1)))
                .put("/api/assets/manifests/" + task.toString().toUpperCase()).then().statusCode(422)
                .body("errors[0].field", equalTo("taskId"));
        retain(asService(), task, Map.of("assets", List.of(claim(good, 1)))).statusCode(422)
                .body("errors.field", contains("owner"));
        retain(asService(), task, manifest(" ", claim(good, 1))).statusCode(422).body("errors.field", contains("owner"));
        retain(asService(), task, Map.of("owner", "alice")).statusCode(422).body("errors.field", contains("assets"));
        retain(asService(), task, manifest("alice")).statusCode(422).body("errors.field", contains("assets"));
        retain(asService(), task, manifest("alice", claim(good, 1), claim("A".repeat(64), 1), claim(good, -1)))
                .statusCode(422).body("errors.field", contains("assets[1].sha256", "assets[2].size"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= config.assets().maxManifest(); i++) {
            tooMany.add(claim(good, 1));
        }
        retain(asService(), task, Map.of("owner", "alice", "assets", tooMany)).statusCode(422)
                .body("errors.field", contains("assets"));
        asService().contentType(ContentType.JSON).body("{\"owner\":").put("/api/assets/manifests/" + task)
                .then().statusCode(400);

        assertThat(heldBy(task)).isEmpty();
    }

    @Test
    void aTaskThatEndsReleasesItsManifestAndARedeliveredEndChangesNothing() throws Exception {
        String texture = Assets.upload("alice", Assets.randomContent(1_000));
        UUID completed = UUID.randomUUID();
        UUID cancelled = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        for (UUID task : List.of(completed, cancelled, running)) {
            retain(asService(), task, manifest("alice", claim(texture, 1_000))).statusCode(204);
            send(changed(task, null, TaskStatus.SUBMITTED));
            send(changed(task, TaskStatus.SUBMITTED, TaskStatus.QUEUED));
        }

        send(new TaskCompleted(UUID.randomUUID(), Instant.now(), completed, "alice", 3, 3_000, 12.5, null));
        send(changed(cancelled, TaskStatus.QUEUED, TaskStatus.CANCELLED));
        send(changed(running, TaskStatus.QUEUED, TaskStatus.RENDERING));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(heldBy(completed)).isEmpty();
            assertThat(heldBy(cancelled)).isEmpty();
        });
        // A redelivered end, then an event of another task behind it: once that one is handled, so was the end.
        send(new TaskCompleted(UUID.randomUUID(), Instant.now(), completed, "alice", 3, 3_000, 12.5, null));
        UUID marker = UUID.randomUUID();
        retain(asService(), marker, manifest("alice", claim(texture, 1_000))).statusCode(204);
        send(changed(marker, TaskStatus.QUEUED, TaskStatus.CANCELLED));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heldBy(marker)).isEmpty());

        assertThat(heldBy(completed)).isEmpty();
        assertThat(heldBy(running)).as("a task still running keeps its manifest").containsExactly(texture);
    }

    @Test
    void aRetainDelayedPastItsTasksEndHoldsNothingAndIsStill204() throws Exception {
        String texture = Assets.upload("alice", Assets.randomContent(1_000));
        String other = Assets.upload("alice", Assets.randomContent(1_002));
        UUID task = UUID.randomUUID();
        Instant submitted = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> body = manifest("alice", submitted, claim(texture, 1_000));
        retain(asService(), task, body).statusCode(204);
        send(changed(task, null, TaskStatus.SUBMITTED, submitted));
        send(new TaskCompleted(UUID.randomUUID(), submitted.plusSeconds(300), task, "alice", 1, 1_000, 1.0, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heldBy(task)).isEmpty());

        // The submission's retain again, delayed past the task's whole life: nothing would release it.
        retain(asService(), task, body).statusCode(204);
        retain(asService(), task, manifest("alice", submitted, claim(other, 1_002))).statusCode(204);
        retain(asService(), task, manifest("alice", submitted.plusSeconds(300), claim(texture, 1_000))).statusCode(204);
        assertThat(heldBy(task)).as("decided at or before the end it has seen").isEmpty();
        // Still the owner's content only.
        retain(asService(), task, manifest("bob", submitted, claim(texture, 1_000))).statusCode(422)
                .body("errors.field", contains("assets[0].sha256"));
    }

    @Test
    void aRetryAfterTheEndHoldsAgainUntilTheNextEndAndALateCopyOfTheFirstEndLeavesItHeld() throws Exception {
        String texture = Assets.upload("alice", Assets.randomContent(1_000));
        UUID task = UUID.randomUUID();
        Instant submitted = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        retain(asService(), task, manifest("alice", submitted, claim(texture, 1_000))).statusCode(204);
        send(changed(task, null, TaskStatus.SUBMITTED, submitted));
        TaskCompleted firstEnd = new TaskCompleted(UUID.randomUUID(), submitted.plusSeconds(60), task, "alice", 2, 1_000,
                1.0, null);
        send(firstEnd);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heldBy(task)).isEmpty());

        Instant retried = submitted.plusSeconds(120);
        Map<String, Object> retry = manifest("alice", retried, claim(texture, 1_000));
        retain(asService(), task, retry).statusCode(204);
        retain(asService(), task, retry).statusCode(204);
        assertThat(heldBy(task)).containsExactly(texture);
        send(changed(task, TaskStatus.COMPLETED, TaskStatus.RENDERING, retried.plusMillis(5)));
        send(firstEnd);
        handledUpTo();
        assertThat(heldBy(task)).as("the first end, redelivered, came before the retry").containsExactly(texture);

        send(new TaskCompleted(UUID.randomUUID(), retried.plusSeconds(60), task, "alice", 2, 2_000, 2.0, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heldBy(task)).isEmpty());
        retain(asService(), task, retry).statusCode(204);
        assertThat(heldBy(task)).as("the retry's retain, delayed past the second end").isEmpty();
    }

    @Test
    void aRetrysRetainThatOvertakesTheEndBeforeItKeepsTheFilesHeld() throws Exception {
        String texture = Assets.upload("alice", Assets.randomContent(1_000));
        UUID task = UUID.randomUUID();
        Instant submitted = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        Instant ended = submitted.plusSeconds(60);
        retain(asService(), task, manifest("alice", submitted, claim(texture, 1_000))).statusCode(204);
        send(changed(task, null, TaskStatus.SUBMITTED, submitted));
        // The retry (after the end) reaches file-service before the end's event does.
        retain(asService(), task, manifest("alice", ended.plusSeconds(60), claim(texture, 1_000))).statusCode(204);
        send(new TaskCompleted(UUID.randomUUID(), ended, task, "alice", 1, 1_000, 1.0, null));
        handledUpTo();

        assertThat(heldBy(task)).containsExactly(texture);
        retain(asService(), task, manifest("alice", submitted, claim(texture, 1_000))).statusCode(204);
        assertThat(heldBy(task)).containsExactly(texture);
    }

    @Test
    void aManifestOfTwentyThousandFilesIsHeldAndReleased() throws Throwable {
        int files = 20_000;
        assertThat(config.assets().maxManifest()).isGreaterThanOrEqualTo(files);
        String owner = "big-" + UUID.randomUUID();
        // The owner's uploads, as the upload path records them (the bytes are not needed to hold them).
        VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(sql -> sql.preparedQuery("""
                        INSERT INTO file.asset_blob (sha256, size, xxh64, md5, created_at, unreferenced_since)
                        SELECT encode(sha256(convert_to($1::text || g, 'UTF8')), 'hex'), g, repeat('0', 16), repeat('0', 32), now(), now()
                        FROM generate_series(1, $2) AS g""").execute(Tuple.of(owner, files))
                .chain(() -> sql.preparedQuery("""
                        INSERT INTO file.asset_reference (owner, sha256, first_uploaded_at, last_uploaded_at)
                        SELECT $1::text, encode(sha256(convert_to($1::text || g, 'UTF8')), 'hex'), now(), now()
                        FROM generate_series(1, $2) AS g""").execute(Tuple.of(owner, files)))));
        List<Map<String, Object>> claims = claimsOf(owner, files);
        UUID task = UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(Map.of("owner", owner, "assets", claims,
                "heldFrom", Instant.now().toString()));

        // Longer than the tests' default read timeout: a slow shared machine must not fail the proof of scale.
        RequestSpecification patient = asService().config(RestAssured.config().httpClient(
                HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 180_000)));
        long started = System.nanoTime();
        retain(patient, task, body).statusCode(204);
        System.out.printf("A manifest of %,d files held in %d ms%n", files, (System.nanoTime() - started) / 1_000_000);
        assertThat(count("SELECT count(*) AS n FROM file.asset_manifest WHERE task_id = $1", task)).isEqualTo(files);
        assertThat(count("""
                SELECT count(*) AS n FROM file.asset_blob b JOIN file.asset_manifest m ON m.sha256 = b.sha256
                WHERE m.task_id = $1 AND b.unreferenced_since IS NULL""", task)).as("none in retention").isEqualTo(files);
        started = System.nanoTime();
        retain(patient, task, body).statusCode(204);
        System.out.printf("The same manifest again in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        started = System.nanoTime();
        send(changed(task, null, TaskStatus.SUBMITTED, Instant.now()));
        send(changed(task, TaskStatus.SUBMITTED, TaskStatus.CANCELLED, Instant.now()));
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() ->
                assertThat(count("SELECT count(*) AS n FROM file.asset_manifest WHERE task_id = $1", task)).isZero());
        System.out.printf("Released in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(count("""
                SELECT count(*) AS n FROM file.asset_blob b JOIN file.asset_reference r ON r.sha256 = b.sha256
                WHERE r.owner = $1 AND b.unreferenced_since IS NOT NULL""", owner)).as("retention started").isEqualTo(files);
    }

    private List<Map<String, Object>> claimsOf(String owner, int files) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("""
                        SELECT encode(sha256(convert_to($1::text || g, 'UTF8')), 'hex') AS sha256, g AS size
                        FROM generate_series(1, $2) AS g ORDER BY g""").execute(Tuple.of(owner, files))
                .map(rows -> {
                    List<Map<String, Object>> claims = new ArrayList<>();
                    rows.forEach(row -> claims.add(claim(row.getString("sha256"), row.getLong("size"))));
                    return claims;
                }));
    }

    private long count(String sql, Object parameter) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.of(parameter))
                    .map(rows -> rows.iterator().next().getLong("n")));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** Every event sent so far has been handled: an end of another task behind them has released its manifest. */
    private void handledUpTo() throws Exception {
        String texture = Assets.upload("alice", Assets.randomContent(1_001));
        UUID marker = UUID.randomUUID();
        retain(asService(), marker, manifest("alice", claim(texture, 1_001))).statusCode(204);
        send(changed(marker, TaskStatus.QUEUED, TaskStatus.CANCELLED));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heldBy(marker)).isEmpty());
    }

    private static TaskStatusChanged changed(UUID task, TaskStatus from, TaskStatus to) {
        return changed(task, from, to, Instant.now());
    }

    private static TaskStatusChanged changed(UUID task, TaskStatus from, TaskStatus to, Instant at) {
        return new TaskStatusChanged(UUID.randomUUID(), at, task, "alice", from, to, null);
    }

    /** Always partition 0, so the order of sends is the order of handling. */
    private void send(TaskEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, 0, event.taskId().toString(), event)).get();
    }

    private List<String> heldBy(UUID task) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> manifests.list("taskId = ?1 order by sha256", task)))
                    .stream().map(entry -> entry.sha256).toList();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    static Map<String, Object> manifest(String owner, Map<String, Object>... claims) {
        return Map.of("owner", owner, "assets", List.of(claims));
    }

    @SafeVarargs
    static Map<String, Object> manifest(String owner, Instant heldFrom, Map<String, Object>... claims) {
        return Map.of("owner", owner, "assets", List.of(claims), "heldFrom", heldFrom.toString());
    }

    static Map<String, Object> claim(String sha256, long size) {
        return Map.of("sha256", sha256, "size", size);
    }

    static ValidatableResponse retain(RequestSpecification as, UUID task, Map<String, Object> body) {
        return as.contentType(ContentType.JSON).body(body).put("/api/assets/manifests/" + task).then();
    }
}
