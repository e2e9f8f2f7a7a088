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
