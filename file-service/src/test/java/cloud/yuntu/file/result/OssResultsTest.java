package cloud.yuntu.file.result;

import cloud.yuntu.file.storage.oss.OssBackend;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ResultsTest} again, with the objects in OSS (the emulator). */
@QuarkusTest
@TestProfile(OssBackend.class)
class OssResultsTest extends ResultsTest {
}
