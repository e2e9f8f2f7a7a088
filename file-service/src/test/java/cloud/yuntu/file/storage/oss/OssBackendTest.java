package cloud.yuntu.file.storage.oss;

import static cloud.yuntu.file.Identities.asAdmin;
import static cloud.yuntu.file.Identities.asUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.file.FarmUrls;
import cloud.yuntu.file.IndependentDigest;
import cloud.yuntu.file.Scenes;
import cloud.yuntu.file.Uploads;
import cloud.yuntu.file.storage.oss.OssEmulator.Operation;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the OSS backend does: OSS' own download URLs, retries of OSS calls, 503 once they are spent. */
@QuarkusTest
@TestProfile(OssBackend.class)
class OssBackendTest {

    @InjectOssEmulator
    OssEmulator emulator;

    @AfterEach
    void heal() {
        for (Operation operation : Operation.values()) {
            emulator.failNext(operation, 0);
        }
        emulator.failNext(0);
    }

    @Test
    void downloadUrlsAreOssV4UrlsNamingTheFile() {
        String key = Scenes.upload("alice", "shot v2.ma", new byte[] {1, 2, 3});
        String url = asUser("alice").contentType(ContentType.JSON).body(Map.of("key", key, "method", "GET"))
                .post("/api/files/presign").then().statusCode(200).extract().path("url");

        assertThat(url).startsWith(emulator.endpoint() + "/" + OssEmulator.BUCKET + "/" + OssEmulatorResource.KEY_PREFIX + key);
        assertThat(URI.create(url).getQuery()).contains("x-oss-signature-version=OSS4-HMAC-SHA256");
        byte[] body = FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"shot_v2.ma\"; filename*=UTF-8''shot_v2.ma")
                .extract().asByteArray();
        assertThat(body).containsExactly(1, 2, 3);
    }

    @Test
    void anExpiredDownloadUrlIsRefusedByOss() {
        String key = Scenes.upload("alice", "shot.ma", new byte[] {1});
        String url = asUser("alice").contentType(ContentType.JSON)
                .body(Map.of("key", key, "method", "GET", "expiresInSeconds", 60))
                .post("/api/files/presign").then().statusCode(200).extract().path("url");
        emulator.advanceClock(Duration.ofSeconds(61));
        try {
            FarmUrls.presigned().get(FarmUrls.reachable(url)).then().statusCode(403)
                    .body(containsString("<Code>AccessDenied</Code>"));
        } finally {
            emulator.advanceClock(Duration.ofSeconds(-61));
        }
    }

    @Test
    void transientFailuresOfOssAreRetried() {
        int copies = emulator.requests(Operation.COPY_OBJECT);
        emulator.failNext(Operation.COPY_OBJECT, 2);
        emulator.failNext(Operation.DELETE_OBJECT, 2);

        String key = Scenes.upload("alice", "retried.ma", new byte[] {4, 2});

        assertThat(emulator.requests(Operation.COPY_OBJECT) - copies).isEqualTo(3);
        assertThat(emulator.bytes(OssEmulatorResource.KEY_PREFIX + key)).containsExactly(4, 2);
        asUser("alice").queryParam("key", key).get("/api/files/objects").then().statusCode(200).body("size", equalTo(2));
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void aPartDamagedOnTheWayIsSentAgain() {
        int parts = emulator.requests(Operation.UPLOAD_PART);
        byte[] bytes = new byte[300 * 1024];
        ThreadLocalRandom.current().nextBytes(bytes);
        emulator.corruptNextPut();

        String key = Scenes.upload("alice", "textures.zip", bytes);

        // 128K parts: three of them, the damaged one twice.
        assertThat(emulator.requests(Operation.UPLOAD_PART) - parts).isEqualTo(4);
        assertThat(emulator.bytes(OssEmulatorResource.KEY_PREFIX + key)).isEqualTo(bytes);
        assertThat(emulator.pendingUploads()).isEmpty();
        asUser("alice").queryParam("key", key).get("/api/files/objects").then().statusCode(200)
                .body("sha256", equalTo(IndependentDigest.of(bytes).sha256()));
    }

    @Test
    void anOutageLastingPastTheRetriesIs503AndNothingIsListed() {
        String key = "results/20250101/" + UUID.randomUUID() + "/beauty.0001.png";
        URI put = Uploads.putUrl(key, new byte[] {1, 2, 3});
        emulator.failNext(Operation.COPY_OBJECT, 1000);

        FarmUrls.presigned().body(new byte[] {1, 2, 3}).put(put)
                .then().statusCode(503).contentType("application/problem+json")
                .body("status", equalTo(503), "detail", containsString("object storage is unavailable"));

        asAdmin().queryParam("key", key).get("/api/files/objects").then().statusCode(404);
        assertThat(emulator.bytes(OssEmulatorResource.KEY_PREFIX + key)).isNull();
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void anUploadOssKeepsRefusingIs503AfterTheRetriesAndKeepsThePreviousVersion() {
        String key = "results/20250101/" + UUID.randomUUID() + "/beauty.0001.png";
        byte[] first = {7, 7};
        Uploads.put(key, first).statusCode(200);
        int puts = emulator.requests(Operation.PUT_OBJECT);
        emulator.failNext(Operation.PUT_OBJECT, 1000);

        Uploads.put(key, new byte[] {8}).statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("object storage is unavailable"));

        // The first attempt and 4 retries, each sending the part held in memory again.
        assertThat(emulator.requests(Operation.PUT_OBJECT) - puts).isEqualTo(5);
        assertThat(emulator.bytes(OssEmulatorResource.KEY_PREFIX + key)).isEqualTo(first);
        asAdmin().queryParam("key", key).get("/api/files/objects").then().statusCode(200)
                .body("md5", equalTo(IndependentDigest.of(first).md5()));
    }

    private List<String> stagingLeftovers() {
        return emulator.objectNames().stream()
                .filter(name -> name.startsWith(OssEmulatorResource.KEY_PREFIX + OssStore.STAGING)).toList();
    }
}
