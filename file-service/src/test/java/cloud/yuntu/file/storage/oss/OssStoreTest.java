package cloud.yuntu.file.storage.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.file.storage.ObjectStoreContract;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract against the OSS emulator, through the real SDK, with a key prefix. */
class OssStoreTest extends ObjectStoreContract {

    private static final String PREFIX = "farm-a/";

    private OssEmulator emulator;
    private OssOperations operations;
    private OssStore store;

    /** A new emulator per test: every test starts on an empty bucket. */
    @BeforeEach
    void connect() {
        emulator = OssEmulator.start();
        OssSettings settings = emulator.settings(PREFIX);
        operations = new OssOperations(OssOperations.client(settings, settings.endpoint()), settings.bucket());
        store = new OssStore(operations, settings);
    }

    @AfterEach
    void disconnect() {
        operations.shutdown();
        emulator.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected List<String> stagingLeftovers() {
        return emulator.objectNames().stream().filter(name -> name.startsWith(PREFIX + OssStore.STAGING)).toList();
    }

    @Test
    void objectsAreNamedByPrefixAndKey() throws IOException {
        ObjectKey key = ObjectKey.of("scenes/20250101/s/shot.ma");
        commit(key, new byte[] {1, 2, 3});
        assertThat(emulator.bytes(PREFIX + key.value())).containsExactly(1, 2, 3);
    }

    @Test
    void anUnreachableOssIsStorageUnavailableAndNothingIsWritten() {
        ObjectKey key = ObjectKey.of("scenes/20250101/s/down.ma");
        emulator.failNext(1);
        // Without the CDI interceptor nothing retries: the first 503 is the answer.
        assertThatThrownBy(() -> store.stage(key, new ByteArrayInputStream(new byte[100]), 1024))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("object storage is unavailable");
                });
        assertThat(emulator.objectNames()).noneMatch(name -> name.endsWith("down.ma"));
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aCommitThatOssRefusesLeavesThePreviousObjectAndRemovesTheStagedOne() throws IOException {
        ObjectKey key = ObjectKey.of("scenes/20250101/s/kept.ma");
        commit(key, new byte[] {1});
        try (var staged = store.stage(key, new ByteArrayInputStream(new byte[] {2, 2}), 1024)) {
            emulator.failNext(1);
            assertThatThrownBy(staged::commit).isInstanceOf(StorageUnavailable.class);
        }
        assertThat(readAll(key)).containsExactly(1);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aBodyLargerThanAPartGoesInPartsAndLeavesNoUploadOpen() throws IOException {
        ObjectKey key = ObjectKey.of("scenes/20250101/s/big.ma");
        byte[] bytes = random(350 * 1024);
        commit(key, bytes);
        assertThat(emulator.requests(OssEmulator.Operation.UPLOAD_PART)).isEqualTo(4);
        assertThat(readAll(key)).isEqualTo(bytes);
        assertThat(emulator.pendingUploads()).isEmpty();
    }

    @Test
    void anObjectLargerThanOneCopyIsCopiedInParts() throws IOException {
        OssStore smallCopies = new OssStore(operations, emulator.settings(PREFIX), OssSettings.MIN_PART_SIZE);
        ObjectKey key = ObjectKey.of("scenes/20250101/s/copied.ma");
        byte[] bytes = random(250 * 1024);
        try (var staged = smallCopies.stage(key, new ByteArrayInputStream(bytes), 1 << 20)) {
            staged.commit();
        }
        assertThat(emulator.requests(OssEmulator.Operation.UPLOAD_PART_COPY)).isEqualTo(3);
        assertThat(emulator.requests(OssEmulator.Operation.COPY_OBJECT)).isZero();
        assertThat(readAll(key)).isEqualTo(bytes);
        assertThat(emulator.pendingUploads()).isEmpty();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitAfterSomePartsAbortsTheUpload() {
        ObjectKey key = ObjectKey.of("scenes/20250101/s/toobig.ma");
        assertThatThrownBy(() -> store.stage(key, new ByteArrayInputStream(random(500 * 1024)), 300 * 1024))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(emulator.requests(OssEmulator.Operation.UPLOAD_PART)).isPositive();
        assertThat(emulator.pendingUploads()).isEmpty();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aPartOssFailsAbortsTheUploadWithoutTheInterceptorsRetries() {
        ObjectKey key = ObjectKey.of("scenes/20250101/s/failed.ma");
        emulator.failNext(OssEmulator.Operation.UPLOAD_PART, 1);
        assertThatThrownBy(() -> store.stage(key, new ByteArrayInputStream(random(250 * 1024)), 1 << 20))
                .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(emulator.pendingUploads()).isEmpty();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void bytesDamagedOnTheWayAreRefusedByTheirContentMd5AndNothingIsKept() {
        ObjectKey key = ObjectKey.of("scenes/20250101/s/damaged.ma");
        emulator.corruptNextPut();
        assertThatThrownBy(() -> store.stage(key, new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 1024))
                .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.getMessage()).contains("InvalidDigest"));
        assertThat(store.open(key)).isEmpty();
        assertThat(stagingLeftovers()).isEmpty();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Test
    void aRefusedConnectionIsStorageUnavailable() {
        // Port 1 on the loopback: nothing listens there, the connection is refused at once.
        OssSettings nowhere = new OssSettings("http://127.0.0.1:1", "http://127.0.0.1:1", OssEmulator.REGION,
                OssEmulator.BUCKET, OssEmulator.ACCESS_KEY_ID, OssEmulator.ACCESS_KEY_SECRET, PREFIX, OssSettings.MIN_PART_SIZE);
        OssOperations unreachable = new OssOperations(OssOperations.client(nowhere, nowhere.endpoint()), nowhere.bucket());
        try {
            assertThatThrownBy(() -> new OssStore(unreachable, nowhere).open(ObjectKey.of("a/b")))
                    .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.status()).isEqualTo(503));
        } finally {
            unreachable.shutdown();
        }
    }
}
