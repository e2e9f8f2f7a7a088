package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.oss.OssBackend;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PresignAccessTest} again, with the objects in OSS (the emulator). */
@QuarkusTest
@TestProfile(OssBackend.class)
class OssPresignAccessTest extends PresignAccessTest {
}
