package cloud.yuntu.file.storage;

import cloud.yuntu.file.storage.oss.OssBackend;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ObjectAccessTest} again, with the objects in OSS (the emulator). */
@QuarkusTest
@TestProfile(OssBackend.class)
class OssObjectAccessTest extends ObjectAccessTest {
}
