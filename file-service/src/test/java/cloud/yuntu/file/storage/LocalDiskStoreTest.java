package cloud.yuntu.file.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
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

    @Override
    protected List<String> stagingLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(store.staging())) {
            return files.map(Path::toString).toList();
        }
    }
}
