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
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private static TaskStatusChanged changed(UUID task, TaskStatus from, TaskStatus to) {
        return new TaskStatusChanged(UUID.randomUUID(), Instant.now(), task, "alice", from, to, null);
    }

    /** Always partition 0, so the order of sends is the order of handling. */
    private void send(TaskEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, 0, event.taskId().toString(), event)).get();
    }

    private List<String> heldBy(UUID task) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> manifests.of(task)))
                    .stream().map(entry -> entry.sha256).toList();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    static Map<String, Object> manifest(String owner, Map<String, Object>... claims) {
        return Map.of("owner", owner, "assets", List.of(claims));
    }

    static Map<String, Object> claim(String sha256, long size) {
        return Map.of("sha256", sha256, "size", size);
    }

    static ValidatableResponse retain(RequestSpecification as, UUID task, Map<String, Object> body) {
        return as.contentType(ContentType.JSON).body(body).put("/api/assets/manifests/" + task).then();
    }
}
