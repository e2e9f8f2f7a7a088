package cloud.yuntu.file.storage.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.file.storage.MultipartStore.StoredPart;
import cloud.yuntu.file.storage.MultipartStoreContract;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.StagedObject;
import cloud.yuntu.file.storage.StoreBackend;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The multipart contract against the OSS emulator, through the real SDK: OSS multipart uploads of a staging object. */
class OssMultipartStoreTest extends MultipartStoreContract {

    private static final String PREFIX = "farm-a/";

    private OssEmulator emulator;
    private OssOperations operations;
    private OssStore store;

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
    protected StoreBackend store() {
        return store;
    }

    @Override
    protected List<String> uploadLeftovers() {
        return Stream.concat(emulator.pendingUploads().stream(),
                emulator.objectNames().stream().filter(name -> name.startsWith(PREFIX + OssStore.STAGING))).toList();
    }

    @Test
    void partsAreOssPartsSentWithTheirContentMd5() throws IOException {
        String upload = store.initiate();
        emulator.corruptNextPut();
        byte[] part = random(PART);
        // Damaged on the way: OSS refuses it by its Content-MD5 (the interceptor would send it again).
        assertThatThrownBy(() -> store.putPart(upload, 1, new ByteArrayInputStream(part), PART, md5(part)))
                .isInstanceOf(StorageUnavailable.class).hasMessageContaining("InvalidDigest");
        assertThat(store.listParts(upload)).isEmpty();

        store.putPart(upload, 1, new ByteArrayInputStream(part), PART, md5(part));
        assertThat(emulator.requests(OssEmulator.Operation.UPLOAD_PART)).isEqualTo(2);
        assertThat(emulator.pendingUploads()).containsExactly(PREFIX + OssStore.STAGING + upload.substring(0, 36));
        store.abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    @Test
    void partsListedOverSeveralPagesAreAllListedAndJoined() throws IOException {
        emulator.pageListParts(2);
        byte[] content = random(4 * PART + 99);
        String upload = store.initiate();
        for (int number = 1; number <= 5; number++) {
            put(upload, number, content);
        }

        List<StoredPart> parts = store.listParts(upload);
        assertThat(parts).extracting(StoredPart::partNumber).containsExactly(1, 2, 3, 4, 5);
        // Three pages: 1-2, 3-4, 5.
        assertThat(emulator.requests(OssEmulator.Operation.LIST_PARTS)).isEqualTo(3);

        ObjectKey key = ObjectKey.of("scenes/20250101/m/paged.ma");
        try (StagedObject staged = store.complete(upload, key, parts, Long.MAX_VALUE)) {
            staged.commit();
        }
        assertThat(emulator.requests(OssEmulator.Operation.LIST_PARTS)).isEqualTo(6);
        assertThat(readAll(key)).isEqualTo(content);
        store.abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }

    @Test
    void aCompletionWhoseCommitFailedHashesTheJoinedPartsAgainAndTakesNoMoreParts() throws IOException {
        byte[] content = random(PART + 7);
        String upload = store.initiate();
        put(upload, 1, content);
        put(upload, 2, content);
        List<StoredPart> parts = store.listParts(upload);
        ObjectKey key = ObjectKey.of("scenes/20250101/m/retried.ma");

        try (StagedObject staged = store.complete(upload, key, parts, Long.MAX_VALUE)) {
            emulator.failNext(OssEmulator.Operation.COPY_OBJECT, 1);
            assertThatThrownBy(staged::commit).isInstanceOf(StorageUnavailable.class);
        }
        assertThat(store.open(key)).isEmpty();
        assertThatThrownBy(() -> put(upload, 1, content))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(409));

        try (StagedObject staged = store.complete(upload, key, parts, Long.MAX_VALUE)) {
            staged.commit();
        }
        assertThat(readAll(key)).isEqualTo(content);
        assertThat(emulator.requests(OssEmulator.Operation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(1);
        store.abort(upload);
        assertThat(uploadLeftovers()).isEmpty();
    }
}
