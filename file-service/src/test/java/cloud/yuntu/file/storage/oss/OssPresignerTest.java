package cloud.yuntu.file.storage.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.file.presign.AccessMethod;
import cloud.yuntu.file.presign.Presigner;
import cloud.yuntu.file.presign.UploadTerms;
import cloud.yuntu.file.storage.ObjectKey;
import com.aliyun.oss.OSS;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OssPresignerTest {

    private static final String PREFIX = "farm-a/";
    /** Stands for file-service's own upload URLs. */
    private static final Presigner UPLOADS = new Presigner() {
        @Override
        public URI presign(ObjectKey key, AccessMethod method, Instant expiresAt) {
            throw new AssertionError("downloads are OSS' own");
        }

        @Override
        public URI presignDownload(ObjectKey key, String fileName, Instant expiresAt) {
            throw new AssertionError("downloads are OSS' own");
        }

        @Override
        public URI presignUpload(ObjectKey key, UploadTerms terms, Instant expiresAt) {
            return URI.create("http://files.example/api/files/blob/" + key + "?method=PUT");
        }
    };

    private final HttpClient http = HttpClient.newHttpClient();
    private OssEmulator emulator;
    private OSS client;
    private OssPresigner presigner;

    @BeforeEach
    void start() {
        emulator = OssEmulator.start();
        OssSettings settings = emulator.settings(PREFIX);
        client = OssOperations.client(settings, settings.endpoint());
        presigner = new OssPresigner(OssOperations.client(settings, settings.publicEndpoint()), settings, UPLOADS);
    }

    @AfterEach
    void stop() {
        presigner.close();
        client.shutdown();
        emulator.close();
    }

    @Test
    void aDownloadUrlIsOssV4SignedAndNamesTheFile() throws Exception {
        ObjectKey key = ObjectKey.of("results/20250101/t/beauty 0001 é.png");
        client.putObject(OssEmulator.BUCKET, PREFIX + key.value(), new ByteArrayInputStream(new byte[] {1, 2, 3}));

        URI url = presigner.presign(key, AccessMethod.GET, Instant.now().plusSeconds(900));

        assertThat(url.toString()).startsWith(emulator.endpoint() + "/" + OssEmulator.BUCKET + "/farm-a/results/");
        assertThat(url.getQuery()).contains("x-oss-signature-version=OSS4-HMAC-SHA256", "x-oss-credential=",
                "response-content-disposition=");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"beauty 0001 _.png\"; filename*=UTF-8''beauty%200001%20%C3%A9.png");
    }

    @Test
    void aChosenFileNameIsSignedAndCannotBeChanged() throws Exception {
        ObjectKey key = ObjectKey.of("results/20250101/t/beauty.0001.png");
        client.putObject(OssEmulator.BUCKET, PREFIX + key.value(), new ByteArrayInputStream(new byte[] {1, 2}));

        URI url = presigner.presignDownload(key, "Shot 7 – final.png", Instant.now().plusSeconds(900));

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"Shot 7 _ final.png\"; filename*=UTF-8''Shot%207%20%E2%80%93%20final.png");
        URI renamed = URI.create(url.toString().replace("final", "fakes"));
        HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(renamed).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void aDownloadUrlExpiresWhenAsked() throws Exception {
        ObjectKey key = ObjectKey.of("results/20250101/t/beauty.0001.png");
        client.putObject(OssEmulator.BUCKET, PREFIX + key.value(), new ByteArrayInputStream(new byte[] {1}));
        URI url = presigner.presign(key, AccessMethod.GET, Instant.now().plusSeconds(60));

        emulator.advanceClock(Duration.ofSeconds(61));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>");
    }

    @Test
    void uploadsGoThroughFileService() {
        ObjectKey key = ObjectKey.of("results/20250101/t/beauty.0001.png");
        UploadTerms terms = new UploadTerms(3, "0".repeat(64), java.util.UUID.randomUUID());
        assertThat(presigner.presignUpload(key, terms, Instant.now().plusSeconds(60)))
                .isEqualTo(URI.create("http://files.example/api/files/blob/results/20250101/t/beauty.0001.png?method=PUT"));
        assertThatThrownBy(() -> presigner.presign(key, AccessMethod.PUT, Instant.now().plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDownloadOfAMissingObjectIsOssNotFound() throws IOException, InterruptedException {
        URI url = presigner.presign(ObjectKey.of("scenes/none/missing.ma"), AccessMethod.GET, Instant.now().plusSeconds(60));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("<Code>NoSuchKey</Code>");
    }
}
