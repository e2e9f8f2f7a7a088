package cloud.yuntu.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.testsupport.InjectTokens;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code yuntu.gateway.proxy.idle-timeout} is an inactivity limit (2 s here): an upload that keeps moving lives past
 * it, a service that does not answer once it has the whole request is 504, and one that goes quiet mid-answer is cut
 * rather than holding the client for ever.
 */
@QuarkusTest
@TestProfile(ProxyIdleTimeoutTest.TwoSecondIdleTimeout.class)
@QuarkusTestResource(ProxiedServices.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ProxyIdleTimeoutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    public static class TwoSecondIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("yuntu.gateway.proxy.idle-timeout", "2s");
        }
    }

    @InjectTokens
    TestTokens tokens;

    @TestHTTPResource("/")
    URI gateway;

    /**
     * Six seconds of upload, a piece every half second: three idle timeouts in all, never one without a byte. (The
     * proxy once timed the whole exchange from its start, so a scene whose upload took longer than the idle timeout
     * was answered 504 halfway.)
     */
    @Test
    void anUploadThatKeepsMovingLongerThanTheIdleTimeoutGoesThrough() throws Exception {
        String token = tokens.user("uploader-" + UUID.randomUUID());
        byte[] piece = new byte[StandInTaskService.FIRST_BYTES];
        int pieces = 12;
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/tasks/stream HTTP/1.1\r\nHost: " + gateway.getAuthority()
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (long) pieces * piece.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < pieces; i++) {
                    out.write(piece);
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (IOException answeredAndClosed) {
                // The gateway gave up on the upload: its answer says why.
            }
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            JsonNode answer = FarmJson.mapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(answer.get("size").asLong()).isEqualTo((long) pieces * piece.length);
        }
    }

    /** In either version: an HTTP/2 request read to its end once made the 504 itself fail, leaving no answer at all. */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aServiceThatDoesNotAnswerTheWholeRequestIs504(HttpClient.Version version) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(version).build()) {
            HttpResponse<String> response = client.send(request("/api/tasks/silent")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"frames\":\"1-10\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).contains("backend-timeout", "did not answer in time");
        }
    }

    /** Without a limit on a quiet answer, the client would wait for the 990 missing bytes for ever. */
    @Test
    void aServiceThatGoesQuietMidAnswerHasItsAnswerCut() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var answer = client.sendAsync(request("/api/tasks/stalling").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThatThrownBy(() -> answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("the answer ends broken off, not after the test's patience")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path))
                .header("Authorization", "Bearer " + tokens.user("quiet-" + UUID.randomUUID()))
                .timeout(PATIENCE);
    }
}
