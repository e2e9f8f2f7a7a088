package cloud.yuntu.file.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.file.Assets;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.oss.InjectOssEmulator;
import cloud.yuntu.file.storage.oss.OssBackend;
import cloud.yuntu.file.storage.oss.OssEmulator;
import cloud.yuntu.file.storage.oss.OssEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store audit on OSS (the emulator, under the key prefix): ListObjectsV2 pages, staging objects, an outage. */
@QuarkusTest
@TestProfile(OssBackend.class)
class OssStoreAuditTest {

    private static final String PREFIX = OssEmulatorResource.KEY_PREFIX;

    @InjectOssEmulator
    OssEmulator emulator;

    @Inject
    StoreAudit audit;

    @Inject
    FileConfig config;

    @AfterEach
    void heal() {
        emulator.failNext(OssEmulator.Operation.DELETE_OBJECT, 0);
    }

    @Test
    void oldObjectsNoTableKnowsAreRemovedFromTheBucketAndAnOutageLeavesThemForTheNextPass() {
        Instant old = Instant.now().minus(config.storeAudit().grace()).minus(Duration.ofHours(1));
        String orphan = PREFIX + "assets/sha256/" + sha256Of("orphaned");
        String young = PREFIX + "assets/sha256/" + sha256Of("young");
        String known = PREFIX + "assets/sha256/" + Assets.upload("ossie", Assets.randomContent(3_000));
        String staging = PREFIX + ".staging/" + UUID.randomUUID();
        String outside = "other-farm/assets/sha256/" + sha256Of("another farm's");
        emulator.plant(orphan, new byte[] {1}, old);
        emulator.plant(young, new byte[] {2}, Instant.now());
        emulator.age(known, old);
        emulator.plant(staging, new byte[] {3}, old);
        emulator.plant(outside, new byte[] {4}, old);

        // OSS fails every delete of this pass, retries included: nothing is lost, the next pass removes them.
        emulator.failNext(OssEmulator.Operation.DELETE_OBJECT, 1_000);
        AuditSummary failed = auditNow();
        assertThat(emulator.objectNames()).contains(orphan, staging);
        assertThat(failed.found(AuditArea.ASSETS)).isGreaterThanOrEqualTo(1);
        assertThat(failed.removed()).isZero();

        emulator.failNext(OssEmulator.Operation.DELETE_OBJECT, 0);
        AuditSummary healed = auditNow();
        assertThat(emulator.objectNames()).doesNotContain(orphan, staging).contains(young, known, outside);
        assertThat(healed.removed(AuditArea.ASSETS)).isGreaterThanOrEqualTo(1);
        assertThat(healed.removed(AuditArea.WORK)).isGreaterThanOrEqualTo(1);
    }

    private AuditSummary auditNow() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> audit.audit(Instant.now()), Optional::isPresent)
                .orElseThrow();
    }

    private static String sha256Of(String text) {
        return IndependentDigest.of((text + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)).sha256();
    }
}
