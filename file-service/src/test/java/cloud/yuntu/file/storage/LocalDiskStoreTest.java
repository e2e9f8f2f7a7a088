package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDiskStoreTest {

    @TempDir
    Path root;

    @Test
    void stagedBytesAppearOnlyOnCommit() throws IOException {
        LocalDiskStore store = new LocalDiskStore(root);
        ObjectKey key = ObjectKey.of("results/20250101/t/beauty.0001.png");
        byte[] bytes = "rendered pixels".getBytes(StandardCharsets.UTF_8);

        try (StagedObject staged = store.stage(key, new ByteArrayInputStream(bytes), 1024)) {
            assertThat(store.open(key)).isEmpty();
            Digests digests = staged.digests();
            IndependentDigest.Result expected = IndependentDigest.of(bytes);
            assertThat(digests.size()).isEqualTo(expected.size());
            assertThat(digests.sha256()).isEqualTo(expected.sha256());
            assertThat(digests.xxh64()).isEqualTo(expected.xxh64());
            assertThat(digests.md5()).isEqualTo(expected.md5());
            staged.commit();
        }
        assertThat(readAll(store, key)).isEqualTo(bytes);
        assertThat(stagingFiles(store)).isEmpty();
    }

    @Test
    void anInterruptedUploadLeavesNothingBehindAndKeepsThePreviousObject() throws IOException {
        LocalDiskStore store = new LocalDiskStore(root);
        ObjectKey key = ObjectKey.of("scenes/20250101/t/shot.ma");
        commit(store, key, "version one".getBytes(StandardCharsets.UTF_8));

        InputStream broken = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 100_000) {
                    throw new IOException("connection reset by peer");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.stage(key, broken, Long.MAX_VALUE)).hasMessageContaining("connection reset");

        assertThat(readAll(store, key)).isEqualTo("version one".getBytes(StandardCharsets.UTF_8));
        assertThat(stagingFiles(store)).isEmpty();
    }

    @Test
    void stopsABodyOverTheLimitAndDiscardsIt() throws IOException {
        LocalDiskStore store = new LocalDiskStore(root);
        ObjectKey key = ObjectKey.of("scenes/20250101/t/big.ma");

        assertThatThrownBy(() -> store.stage(key, new ByteArrayInputStream(new byte[2048]), 1024))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(413));

        assertThat(store.open(key)).isEmpty();
        assertThat(stagingFiles(store)).isEmpty();
    }

    @Test
    void closingWithoutCommitDiscardsTheStagedBytes() throws IOException {
        LocalDiskStore store = new LocalDiskStore(root);
        ObjectKey key = ObjectKey.of("a/b");
        try (StagedObject ignored = store.stage(key, new ByteArrayInputStream(new byte[10]), 1024)) {
            assertThat(stagingFiles(store)).hasSize(1);
        }
        assertThat(stagingFiles(store)).isEmpty();
        assertThat(store.open(key)).isEmpty();
    }

    @Test
    void aCommitReplacesTheObject() throws IOException {
        LocalDiskStore store = new LocalDiskStore(root);
        ObjectKey key = ObjectKey.of("a/b");
        commit(store, key, new byte[] {1, 2, 3});
        commit(store, key, new byte[] {4, 5});
        assertThat(readAll(store, key)).containsExactly(4, 5);
    }

    private static void commit(LocalDiskStore store, ObjectKey key, byte[] bytes) throws IOException {
        try (StagedObject staged = store.stage(key, new ByteArrayInputStream(bytes), 1024)) {
            staged.commit();
        }
    }

    private static byte[] readAll(LocalDiskStore store, ObjectKey key) throws IOException {
        try (InputStream in = store.open(key).orElseThrow().stream()) {
            return in.readAllBytes();
        }
    }

    private static java.util.List<Path> stagingFiles(LocalDiskStore store) throws IOException {
        try (Stream<Path> files = Files.list(store.staging())) {
            return files.toList();
        }
    }
}
