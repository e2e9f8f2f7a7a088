package cloud.yuntu.file.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.platform.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a local directory. */
class LocalDiskStoreTest extends ObjectStoreContract {

    @TempDir
    Path root;

    private LocalDiskStore store;

    @BeforeEach
    void store_() {
        store = new LocalDiskStore(root);
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Test
    void aKeyBelowAnotherObjectIsAConflictAndBothStay() throws IOException {
        ObjectKey beauty = ObjectKey.of("results/d/t/beauty");
        commit(beauty, new byte[] {1});

        assertConflict(ObjectKey.of("results/d/t/beauty/x.exr"), "results/d/t/beauty is an object");
        assertConflict(ObjectKey.of("results/d/t/beauty/deeper/x.exr"), "results/d/t/beauty is an object");

        assertThat(readAll(beauty)).containsExactly(1);
        assertThat(store.open(ObjectKey.of("results/d/t/beauty/x.exr"))).isEmpty();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aKeyThatIsTheFolderOfOtherObjectsIsAConflictAndTheyStay() throws IOException {
        ObjectKey below = ObjectKey.of("results/d/t/deep/x.exr");
        commit(below, new byte[] {2});

        assertConflict(ObjectKey.of("results/d/t/deep"), "start with results/d/t/deep/");
        assertConflict(ObjectKey.of("results/d/t"), "start with results/d/t/");

        assertThat(readAll(below)).containsExactly(2);
        assertThat(store.open(ObjectKey.of("results/d/t/deep"))).isEmpty();
        assertThat(store.delete(ObjectKey.of("results/d/t/deep"))).isFalse();
        assertThat(readAll(below)).containsExactly(2);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aFailedWriteRemovesTheFoldersItCreatedSoTheirKeysStayFree() throws IOException {
        commit(ObjectKey.of("results/d/t/other.exr"), new byte[] {2});
        ObjectKey deep = ObjectKey.of("results/d/t/new/deeper/x.exr");
        try (StagedObject staged = store.stage(deep, new ByteArrayInputStream(new byte[] {3}), 1024)) {
            // The staged bytes vanish before the rename (a full disk, an operator): the commit fails
            // after it created results/d/t/new/deeper.
            try (Stream<Path> files = Files.list(store.staging())) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            assertThatThrownBy(staged::commit).isInstanceOf(IOException.class);
        }
        // Only the folders it created go: results/d/t was there before and holds another object.
        assertThat(root.resolve("results/d/t/other.exr")).isRegularFile();
        assertThat(root.resolve("results/d/t/new")).doesNotExist();

        ObjectKey folderKey = ObjectKey.of("results/d/t/new");
        commit(folderKey, new byte[] {4});
        assertThat(readAll(folderKey)).containsExactly(4);
    }

    @Test
    void anEmptyFolderIsNoObjectAndItsKeyCanBeWritten() throws IOException {
        // As a crash or a removed object leaves them: folders without a file anywhere below.
        Files.createDirectories(root.resolve("results/d/t/empty/sub/subsub"));
        ObjectKey key = ObjectKey.of("results/d/t/empty");
        commit(key, new byte[] {5});
        assertThat(readAll(key)).containsExactly(5);

        // A folder with an object anywhere below it still is the other objects' folder.
        ObjectKey nested = ObjectKey.of("results/d/t/full/sub/x.exr");
        commit(nested, new byte[] {6});
        Files.createDirectories(root.resolve("results/d/t/full/empty"));
        assertConflict(ObjectKey.of("results/d/t/full"), "start with results/d/t/full/");
        assertThat(readAll(nested)).containsExactly(6);
        assertThat(root.resolve("results/d/t/full/empty")).isDirectory();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void deletingAnObjectRemovesTheFoldersItLeavesEmptyUpToTheRoot() throws IOException {
        ObjectKey deep = ObjectKey.of("results/20250101/t/passes/beauty/x.exr");
        ObjectKey beside = ObjectKey.of("results/20250101/t/y.exr");
        commit(deep, new byte[] {1});
        commit(beside, new byte[] {2});

        assertThat(store.delete(deep)).isTrue();
        assertThat(root.resolve("results/20250101/t/passes")).doesNotExist();
        assertThat(root.resolve("results/20250101/t")).as("holds another object").isDirectory();

        assertThat(store.delete(beside)).isTrue();
        assertThat(root.resolve("results")).doesNotExist();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".staging", ".uploads");
        }
        // Deleting what is gone already changes nothing and is no error.
        assertThat(store.delete(beside)).isFalse();
        commit(beside, new byte[] {3});
        assertThat(readAll(beside)).containsExactly(3);
    }

    @Test
    void commitsIntoAFolderThatDeletesKeepEmptyingAllSucceed() throws Exception {
        // One writer stores and deletes its object again and again: each delete empties the folder and
        // removes it, while the other writer creates it for its own commit.
        int rounds = 300;
        Callable<Void> writer = () -> {
            ObjectKey key = ObjectKey.of("results/20250101/t/frames/" + Thread.currentThread().threadId() + ".exr");
            for (int i = 0; i < rounds; i++) {
                commit(key, new byte[] {(byte) i});
                assertThat(readAll(key)).containsExactly((byte) i);
                assertThat(store.delete(key)).isTrue();
            }
            return null;
        };
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            List<Future<Void>> done = threads.invokeAll(List.of(writer, writer, writer));
            for (Future<Void> each : done) {
                each.get();
            }
        }
        assertThat(root.resolve("results")).doesNotExist();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aListingLeavesOutFilesThatAreNoKeys() throws IOException {
        commit(ObjectKey.of("scenes/20250101/s/shot.ma"), new byte[] {1});
        Files.writeString(root.resolve("scenes/20250101/s/.hidden"), "not ours");
        Files.createDirectories(root.resolve("scenes/.trash"));
        Files.writeString(root.resolve("scenes/.trash/shot.ma"), "not ours");

        assertThat(store.list("scenes/", null, 10).items()).extracting(object -> object.key().value())
                .containsExactly("scenes/20250101/s/shot.ma");
    }

    private void assertConflict(ObjectKey key, String detail) throws IOException {
        try (StagedObject staged = store.stage(key, new ByteArrayInputStream(new byte[] {9}), 1024)) {
            assertThatThrownBy(staged::commit).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.problem().detail()).contains(detail);
                assertThat(e.problem().errors()).extracting(Problem.FieldError::field).containsExactly("key");
            });
        }
    }

    @Override
    protected List<String> stagingLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(store.staging())) {
            return files.map(Path::toString).toList();
        }
    }
}
