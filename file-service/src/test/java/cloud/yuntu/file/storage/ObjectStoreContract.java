package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.ObjectStore.ListedObject;
import cloud.yuntu.file.storage.ObjectStore.Page;
import cloud.yuntu.file.storage.ObjectStore.WorkEntry;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} backend promises, run once per backend by its subclass:
 * digests computed while streaming, nothing visible before commit, nothing left of a failed or
 * discarded write, a commit replacing the previous object whole, listings of a folder's objects and of
 * the working area paged to their end.
 */
public abstract class ObjectStoreContract {

    /** The store under test, empty at the start of each test. */
    protected abstract ObjectStore store();

    /** Whatever the store keeps of writes not committed or not yet cleaned (staging files or objects). */
    protected abstract List<String> stagingLeftovers() throws IOException;

    @Test
    void stagedBytesAppearOnlyOnCommit() throws IOException {
        ObjectKey key = ObjectKey.of("results/20250101/t/beauty.0001.png");
        byte[] bytes = "rendered pixels".getBytes(StandardCharsets.UTF_8);

        try (StagedObject staged = store().stage(key, new ByteArrayInputStream(bytes), 1024)) {
            assertThat(store().open(key)).isEmpty();
            Digests digests = staged.digests();
            IndependentDigest.Result expected = IndependentDigest.of(bytes);
            assertThat(digests.size()).isEqualTo(expected.size());
            assertThat(digests.sha256()).isEqualTo(expected.sha256());
            assertThat(digests.xxh64()).isEqualTo(expected.xxh64());
            assertThat(digests.md5()).isEqualTo(expected.md5());
            staged.commit();
        }
        assertThat(readAll(key)).isEqualTo(bytes);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void anInterruptedUploadLeavesNothingBehindAndKeepsThePreviousObject() throws IOException {
        ObjectKey key = ObjectKey.of("scenes/20250101/t/shot.ma");
        commit(key, "version one".getBytes(StandardCharsets.UTF_8));

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
        assertThatThrownBy(() -> store().stage(key, broken, Long.MAX_VALUE)).hasMessageContaining("connection reset");

        assertThat(readAll(key)).isEqualTo("version one".getBytes(StandardCharsets.UTF_8));
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void stopsABodyOverTheLimitAndDiscardsIt() throws IOException {
        ObjectKey key = ObjectKey.of("scenes/20250101/t/big.ma");

        assertThatThrownBy(() -> store().stage(key, new ByteArrayInputStream(new byte[2048]), 1024))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(413));

        assertThat(store().open(key)).isEmpty();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void closingWithoutCommitDiscardsTheStagedBytes() throws IOException {
        ObjectKey key = ObjectKey.of("a/b");
        try (StagedObject ignored = store().stage(key, new ByteArrayInputStream(new byte[10]), 1024)) {
            assertThat(stagingLeftovers()).hasSize(1);
        }
        assertThat(stagingLeftovers()).isEmpty();
        assertThat(store().open(key)).isEmpty();
    }

    @Test
    void aCommitReplacesTheObject() throws IOException {
        ObjectKey key = ObjectKey.of("a/b");
        commit(key, new byte[] {1, 2, 3});
        commit(key, new byte[] {4, 5});
        assertThat(readAll(key)).containsExactly(4, 5);
        assertThat(store().open(key).orElseThrow().size()).isEqualTo(2);
    }

    @Test
    void anEmptyBodyIsAnEmptyObject() throws IOException {
        ObjectKey key = ObjectKey.of("a/empty");
        commit(key, new byte[0]);
        assertThat(store().open(key).orElseThrow().size()).isZero();
        assertThat(readAll(key)).isEmpty();
    }

    @Test
    void keysWithSpacesPlusSignsAndAccentsRoundTrip() throws IOException {
        ObjectKey key = ObjectKey.of("results/20250101/t/my frame+1 é~*.png");
        byte[] bytes = new byte[70_000];
        ThreadLocalRandom.current().nextBytes(bytes);
        commit(key, bytes);
        assertThat(readAll(key)).isEqualTo(bytes);
        assertThat(store().open(ObjectKey.of("results/20250101/t/my frame 1 é~*.png"))).isEmpty();
    }

    @Test
    void aBodyOfSomeHundredKilobytesRoundTripsWithItsDigests() throws IOException {
        ObjectKey key = ObjectKey.of("scenes/20250101/t/textures.zip");
        byte[] bytes = new byte[350 * 1024 + 17];
        ThreadLocalRandom.current().nextBytes(bytes);
        try (StagedObject staged = store().stage(key, new ByteArrayInputStream(bytes), 1024 * 1024)) {
            assertThat(staged.digests().sha256()).isEqualTo(IndependentDigest.of(bytes).sha256());
            assertThat(staged.digests().md5()).isEqualTo(IndependentDigest.of(bytes).md5());
            staged.commit();
        }
        assertThat(readAll(key)).isEqualTo(bytes);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aMissingObjectOpensEmpty() throws IOException {
        assertThat(store().open(ObjectKey.of("scenes/none/missing.ma"))).isEmpty();
    }

    @Test
    void deletingRemovesTheObjectAndSaysWhetherThereWasOne() throws IOException {
        ObjectKey key = ObjectKey.of("assets/sha256/" + "d".repeat(64));
        commit(key, "bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(store().delete(key)).isTrue();
        assertThat(store().open(key)).isEmpty();
        assertThat(store().delete(key)).isFalse();
    }

    @Test
    void aListingPagesThroughTheObjectsOfAFolderEachOnceWithSizeAndTime() throws IOException {
        Instant before = Instant.now().minusSeconds(2);
        List<String> inside = List.of("scenes/20250101/a/shot.ma", "scenes/20250101/a-b/shot.ma",
                "scenes/20250101/a/b/deeper.ma", "scenes/20250102/s/x y+z é.ma", "scenes/20250102/s/y.ma",
                "scenes/20250102/t/z.ma", "scenes/20250103/u/last.ma");
        for (String key : inside) {
            commit(ObjectKey.of(key), key.getBytes(StandardCharsets.UTF_8));
        }
        commit(ObjectKey.of("results/20250101/t/beauty.png"), new byte[] {1});
        commit(ObjectKey.of("scenesx/20250101/a/other.ma"), new byte[] {2});
        Instant after = Instant.now().plusSeconds(2);

        List<ListedObject> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<ListedObject> page = store().list("scenes/", cursor, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            listed.addAll(page.items());
            cursor = page.next().orElse(null);
            assertThat(++pages).as("pages").isLessThan(10);
        } while (cursor != null);

        assertThat(listed).extracting(object -> object.key().value()).containsExactlyInAnyOrderElementsOf(inside);
        assertThat(listed).allSatisfy(object -> {
            assertThat(object.size()).isEqualTo(object.key().value().getBytes(StandardCharsets.UTF_8).length);
            assertThat(object.lastModified()).isBetween(before, after);
        });
        assertThat(store().list("results/", null, 1000).items()).extracting(object -> object.key().value())
                .containsExactly("results/20250101/t/beauty.png");
        assertThat(store().list("assets/sha256/", null, 1000).items()).isEmpty();
    }

    @Test
    void aWriteInProgressIsInTheWorkingAreaNotInTheListingAndCanBeRemoved() throws IOException {
        ObjectKey key = ObjectKey.of("scenes/20250101/w/pending.ma");
        try (StagedObject staged = store().stage(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 1024)) {
            assertThat(store().list("scenes/", null, 1000).items()).isEmpty();
            List<WorkEntry> work = store().listWork(null, 1000).items();
            assertThat(work).singleElement().satisfies(entry -> {
                assertThat(ObjectKey.isValid(entry.name())).as("no key can name the working area").isFalse();
                assertThat(entry.lastModified()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(2));
            });

            store().removeWork(work.getFirst());
            assertThat(store().listWork(null, 1000).items()).isEmpty();
            assertThat(stagingLeftovers()).isEmpty();
            // Removing it again, or closing the write it belonged to, is no error.
            store().removeWork(work.getFirst());
        }
        assertThat(store().open(key)).isEmpty();
    }

    @Test
    void theWorkingAreaIsPagedLikeTheObjects() throws IOException {
        List<StagedObject> writes = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                writes.add(store().stage(ObjectKey.of("scenes/20250101/w/" + i + ".ma"),
                        new ByteArrayInputStream(new byte[] {(byte) i}), 1024));
            }
            List<String> names = new ArrayList<>();
            String cursor = null;
            do {
                Page<WorkEntry> page = store().listWork(cursor, 2);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
                page.items().forEach(entry -> names.add(entry.name()));
                cursor = page.next().orElse(null);
            } while (cursor != null);
            assertThat(names).hasSize(5).doesNotHaveDuplicates();
        } finally {
            writes.forEach(StagedObject::close);
        }
    }

    protected final void commit(ObjectKey key, byte[] bytes) throws IOException {
        try (StagedObject staged = store().stage(key, new ByteArrayInputStream(bytes), 1024 * 1024)) {
            staged.commit();
        }
    }

    protected final byte[] readAll(ObjectKey key) throws IOException {
        try (InputStream in = store().open(key).orElseThrow().stream()) {
            return in.readAllBytes();
        }
    }
}
