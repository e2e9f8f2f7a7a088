package cloud.yuntu.file.storage.oss;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The application with {@code yuntu.file.backend=oss}, storing into an {@link OssEmulator}. */
public class OssBackend implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OssEmulatorResource.class));
    }
}
