package cloud.yuntu.scene.storage;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.scene.SceneConfig;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Reads scenes from file-service: their stored digest (so a known scene is never downloaded
 * again) and their bytes through a presigned GET, streamed, never buffered whole.
 */
@ApplicationScoped
public class FileServiceClient {

    private final SceneConfig config;
    private final HttpClient http;

    FileServiceClient(SceneConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.fileServiceTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The SHA-256 file-service computed when the object was stored; empty if it does not say. */
    public Optional<String> sha256(String key) throws IOException, InterruptedException {
        URI uri = config.fileServiceUrl().resolve("/api/files/objects?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(config.fileServiceTimeout()).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            throw new StoredSceneMissing(key);
        }
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode sha = FarmJson.mapper().readTree(response.body()).get("sha256");
        return sha != null && sha.isTextual() ? Optional.of(sha.asText()) : Optional.empty();
    }

    /** The scene's bytes; the caller closes the stream. */
    public InputStream open(String key) throws IOException, InterruptedException {
        byte[] body = FarmJson.mapper().writeValueAsBytes(Map.of("key", key, "method", "GET"));
        HttpResponse<byte[]> presign = http.send(HttpRequest.newBuilder(config.fileServiceUrl().resolve("/api/files/presign"))
                        .timeout(config.fileServiceTimeout()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (presign.statusCode() == 404) {
            throw new StoredSceneMissing(key);
        }
        if (presign.statusCode() != 200) {
            throw new IOException("file-service answered " + presign.statusCode() + " to presign " + key);
        }
        JsonNode url = FarmJson.mapper().readTree(presign.body()).get("url");
        if (url == null || !url.isTextual()) {
            throw new IOException("file-service presign answer without url");
        }
        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(url.asText())).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (download.statusCode() == 404) {
            download.body().close();
            throw new StoredSceneMissing(key);
        }
        if (download.statusCode() != 200) {
            download.body().close();
            throw new IOException("presigned GET of " + key + " answered " + download.statusCode());
        }
        return download.body();
    }

    /** file-service has no object under the key: not worth retrying. */
    public static final class StoredSceneMissing extends IOException {

        public StoredSceneMissing(String key) {
            super("file-service has no object " + key);
        }
    }
}
