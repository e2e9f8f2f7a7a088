package cloud.yuntu.file.upload;

import cloud.yuntu.file.storage.oss.OssBackend;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SceneUploadTest} again, with the objects in OSS (the emulator). */
@QuarkusTest
@TestProfile(OssBackend.class)
class OssSceneUploadTest extends SceneUploadTest {
}
