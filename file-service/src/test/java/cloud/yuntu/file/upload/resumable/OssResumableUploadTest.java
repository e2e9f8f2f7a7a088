package cloud.yuntu.file.upload.resumable;

import static cloud.yuntu.file.Identities.asUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.storage.oss.InjectOssEmulator;
import cloud.yuntu.file.storage.oss.OssBackend;
import cloud.yuntu.file.storage.oss.OssEmulator;
import cloud.yuntu.file.storage.oss.OssEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link ResumableUploadTest} again with the parts in OSS (the emulator), and what only OSS does: outages. */
@QuarkusTest
@TestProfile(OssBackend.class)
class OssResumableUploadTest extends ResumableUploadTest {

    @InjectOssEmulator
    OssEmulator emulator;

    /** The emulator holds every byte in memory (parts, joined and copied object): a smaller content than on disk. */
    @Override
    long largeSize() {
        return 6 * MIB + 12_345;
    }

    @Override
    long largePartSize() {
        return MIB;
    }

    @Override
    List<String> storeLeftovers() {
        return Stream.concat(emulator.pendingUploads().stream(), emulator.objectNames().stream()
                .filter(name -> name.startsWith(OssEmulatorResource.KEY_PREFIX + ".staging/"))).toList();
    }

    @Override
    List<String> storedScenes(String fileName) {
        return scenes().stream().filter(name -> name.endsWith("/" + fileName)).toList();
    }

    @Test
    void anOssOutageFailsTheRequestClearlyAfterRetriesAndListsNothingHalfWritten() throws Exception {
        List<String> leftoversBefore = storeLeftovers();
        Content content = new Content(2 * MIB, MIB, 21);
        String id = start(content);

        emulator.failNext(OssEmulator.Operation.UPLOAD_PART, 100);
        sendPart(id, content, 1).then().statusCode(503).body("type", containsString("object-storage-unavailable"));
        assertThat(emulator.requests(OssEmulator.Operation.UPLOAD_PART)).isGreaterThanOrEqualTo(5);
        assertThat(describe(id).get("parts")).isEmpty();
        emulator.failNext(OssEmulator.Operation.UPLOAD_PART, 0);
        sendPart(id, content, 1).then().statusCode(200);
        sendPart(id, content, 2).then().statusCode(200);

        // OSS down while joining: 503, nothing published, and the upload can be completed once OSS is back.
        List<String> scenesBefore = scenes();
        emulator.failNext(OssEmulator.Operation.COMPLETE_MULTIPART_UPLOAD, 100);
        asUser("alice").post("/api/files/uploads/" + id + "/complete").then().statusCode(503);
        assertThat(scenes()).isEqualTo(scenesBefore);
        assertThat(describe(id).get("parts")).hasSize(2);
        emulator.failNext(OssEmulator.Operation.COMPLETE_MULTIPART_UPLOAD, 0);
        // A transient failure of the final copy is retried with backoff and goes unnoticed.
        emulator.failNext(OssEmulator.Operation.COPY_OBJECT, 2);
        IndependentDigest.Result expected = content.digest();
        String key = asUser("alice").post("/api/files/uploads/" + id + "/complete")
                .then().statusCode(201).body("sha256", equalTo(expected.sha256()), "md5", equalTo(expected.md5()))
                .extract().path("key");
        assertThat(scenes()).containsAll(scenesBefore).contains(OssEmulatorResource.KEY_PREFIX + key).hasSize(scenesBefore.size() + 1);
        assertThat(storeLeftovers()).isSubsetOf(leftoversBefore);
    }

    private List<String> scenes() {
        return emulator.objectNames().stream().filter(name -> name.startsWith(OssEmulatorResource.KEY_PREFIX + "scenes/")).toList();
    }
}
