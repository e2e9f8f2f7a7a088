package cloud.yuntu.file.audit;

import static cloud.yuntu.file.Identities.asUser;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.file.Assets;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.Scenes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import cloud.yuntu.testsupport.KafkaResource;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TokenResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The store audit against the real database and the local store: bytes planted without a row, made old
 * by their modification time, go; young ones and every one a table knows stay. The pass is run directly
 * (at the real now, the planted files' times chosen around the grace period).
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class StoreAuditTest {

    @Inject
    StoreAudit audit;

    @Inject
    FileConfig config;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @Inject
    Scheduler scheduler;

    @Test
    void theAuditIsScheduled() {
        assertThat(scheduler.getScheduledJob(StoreAudit.JOB)).isNotNull();
    }

    @Test
    void onlyOldBytesNoTableKnowsAreRemoved() throws IOException {
        Path root = config.local().root();
        Instant old = Instant.now().minus(config.storeAudit().grace()).minus(Duration.ofHours(1));

        Path orphanedAsset = plant(root.resolve("assets/sha256/" + sha256Of("orphaned asset")), old);
        Path youngAsset = plant(root.resolve("assets/sha256/" + sha256Of("asset being uploaded")), Instant.now());
        String knownSha256 = Assets.upload("audra", Assets.randomContent(2_000));
        Path knownAsset = age(root.resolve("assets/sha256/" + knownSha256), old);

        Path orphanedScene = plant(root.resolve("scenes/20250101/" + UUID.randomUUID() + "/lost.ma"), old);
        Path knownScene = age(root.resolve(Scenes.upload("audra", "kept.ma", new byte[] {1, 2, 3})), old);

        Path orphanedStaging = plant(root.resolve(".staging/" + UUID.randomUUID() + ".part"), old);
        Path youngStaging = plant(root.resolve(".staging/" + UUID.randomUUID() + ".part"), Instant.now());
        Path unrecordedUpload = root.resolve(".uploads/" + UUID.randomUUID());
        plant(unrecordedUpload.resolve("1.part"), old);
        age(unrecordedUpload, old);
        Path recordedUpload = recordedUploadFolder(root);
        age(recordedUpload, old);

        double removedAssets = removed("assets");
        AuditSummary summary = auditNow();

        assertThat(orphanedAsset).as("old and no row").doesNotExist();
        assertThat(youngAsset).as("within the grace").exists();
        assertThat(knownAsset).as("its blob row").exists();
        assertThat(orphanedScene).doesNotExist();
        assertThat(orphanedScene.getParent()).as("its emptied folder").doesNotExist();
        assertThat(knownScene).as("catalogued").exists();
        assertThat(orphanedStaging).doesNotExist();
        assertThat(youngStaging).exists();
        assertThat(unrecordedUpload).doesNotExist();
        assertThat(recordedUpload).as("a recorded upload's parts").exists();
        assertThat(summary.removed(AuditArea.ASSETS)).isGreaterThanOrEqualTo(1);
        assertThat(summary.removed(AuditArea.WORK)).isGreaterThanOrEqualTo(2);
        assertThat(removed("assets")).isGreaterThanOrEqualTo(removedAssets + 1);

        // A second pass finds none of them again.
        Files.delete(youngAsset);
        Files.delete(youngStaging);
        AuditSummary again = auditNow();
        assertThat(again.removed()).isZero();
    }

    @Test
    void anAuditRunsOnOneReplicaAtATime() throws IOException {
        Path orphan = plant(config.local().root().resolve("assets/sha256/" + sha256Of("waits for its turn")),
                Instant.now().minus(config.storeAudit().grace()).minus(Duration.ofHours(1)));
        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            other.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(StoreAudit.LOCK)).await().indefinitely();
            assertThat(audit.audit(Instant.now())).as("another replica audits").isEmpty();
            assertThat(orphan).exists();
        } finally {
            other.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(StoreAudit.LOCK)).await().indefinitely();
            other.close().await().indefinitely();
        }
        auditNow();
        assertThat(orphan).doesNotExist();
    }

    /** A pass of this test's own; the scheduled one may hold the lock for a moment. */
    private AuditSummary auditNow() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> audit.audit(Instant.now()), Optional::isPresent)
                .orElseThrow();
    }

    /** The folder of a resumable upload file-service has recorded (started, no part sent yet). */
    private static Path recordedUploadFolder(Path root) throws IOException {
        try (var before = Files.list(root.resolve(".uploads"))) {
            var known = before.toList();
            asUser("audra").contentType(ContentType.JSON)
                    .body(Map.of("kind", "asset", "sha256", sha256Of("resumable"), "size", 3 << 20, "partSize", 1 << 20))
                    .post("/api/files/uploads").then().statusCode(201);
            try (var after = Files.list(root.resolve(".uploads"))) {
                return after.filter(folder -> !known.contains(folder)).findFirst().orElseThrow();
            }
        }
    }

    private double removed(String area) {
        return registry.get("yuntu.file.store.audit.orphans.removed").tag("area", area).counter().count();
    }

    private static Path plant(Path file, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "bytes no table knows " + file.getFileName());
        return age(file, modified);
    }

    private static Path age(Path path, Instant modified) throws IOException {
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }

    private static String sha256Of(String text) {
        return IndependentDigest.of((text + UUID.randomUUID()).getBytes()).sha256();
    }
}
