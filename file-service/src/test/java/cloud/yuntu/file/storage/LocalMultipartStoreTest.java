package cloud.yuntu.file.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The multipart contract on a local directory. */
class LocalMultipartStoreTest extends MultipartStoreContract {

    @TempDir
    Path root;

    private LocalDiskStore store;

    @BeforeEach
    void store_() {
        store = new LocalDiskStore(root);
    }

    @Override
    protected StoreBackend store() {
        return store;
    }

    @Override
    protected List<String> uploadLeftovers() throws IOException {
        try (Stream<Path> uploads = Files.walk(store.uploads()); Stream<Path> staging = Files.list(store.staging())) {
            return Stream.concat(uploads.filter(p -> !p.equals(store.uploads())), staging).map(Path::toString).toList();
        }
    }
}
