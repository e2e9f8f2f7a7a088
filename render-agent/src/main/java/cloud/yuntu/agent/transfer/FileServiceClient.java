package cloud.yuntu.agent.transfer;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.contracts.json.FarmJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The one synchronous call the agent makes to file-service: presigning a GET or PUT of an object key. */
@ApplicationScoped
public class FileServiceClient {

    private final AgentConfig config;
    private final HttpClient http;

    FileServiceClient(AgentConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.transfer().requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public HttpClient http() {
        return http;
    }

    record PresignRequest(String key, String method, long expiresInSeconds) {
    }

    record PresignResponse(String url, String method, String expiresAt) {
    }

    /** An absolute URL for {@code method} on {@code key}. */
    public URI presign(String key, String method) throws IOException, InterruptedException, TransferFailed {
        byte[] body = FarmJson.mapper().writeValueAsBytes(
                new PresignRequest(key, method, config.transfer().presignExpiry().toSeconds()));
        HttpRequest request = HttpRequest.newBuilder(config.fileServiceUrl().resolve("/api/files/presign"))
                .timeout(config.transfer().requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new TransferFailed("Presign " + method + " " + key + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8),
                    response.statusCode() >= 500, null);
        }
        return URI.create(FarmJson.mapper().readValue(response.body(), PresignResponse.class).url());
    }
}
