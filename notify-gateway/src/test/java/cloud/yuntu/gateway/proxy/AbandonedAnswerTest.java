package cloud.yuntu.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.testsupport.InjectTokens;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away while back-pressure still holds its answer in the gateway must not take another client's
 * request down with it. One pooled connection per service here, so the second request can only run on the
 * connection the first answer came on.
 */
@QuarkusTest
@TestProfile(AbandonedAnswerTest.OneConnectionPerService.class)
@QuarkusTestResource(ProxiedServices.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class AbandonedAnswerTest {

    private static final long PATIENCE_SECONDS = 30;

    public static class OneConnectionPerService implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("yuntu.gateway.proxy.max-connections-per-backend", "1");
        }
    }

    StandInTaskService taskService;

    @InjectTokens
    TestTokens tokens;

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    Vertx vertx;

    @BeforeEach
    void forgetEarlierRequests() {
        taskService.received().clear();
    }

    /**
     * The first client reads over HTTP/2 with a 1 KiB window and stops reading: the gateway holds the rest of the
     * 32 KiB answer, which it read whole off its connection to the service, so that connection went back to the pool
     * and carries the second client's request. Then the first client cancels. The gateway once reset the first
     * request anyway, which closed the connection under the second: 502 "Connection was closed".
     */
    @Test
    void aClientThatCancelsAHeldAnswerDoesNotBreakTheNextRequestOnItsConnection() throws Exception {
        HttpClient slowReader = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                .setInitialSettings(new Http2Settings().setInitialWindowSize(1024)));
        try (java.net.http.HttpClient other = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            HttpClientRequest held = slowReader.request(new RequestOptions().setMethod(HttpMethod.GET)
                    .setAbsoluteURI(gateway.resolve("/api/tasks/sized").toString())
                    .putHeader("Authorization", "Bearer " + tokens.user("reader-" + UUID.randomUUID())))
                    .toCompletionStage().toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            CompletableFuture<HttpClientResponse> heldAnswer = new CompletableFuture<>();
            held.response().onSuccess(response -> {
                response.pause();
                heldAnswer.complete(response);
            }).onFailure(heldAnswer::completeExceptionally);
            held.end();
            assertThat(heldAnswer.get(PATIENCE_SECONDS, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS).uri()).isEqualTo("/api/tasks/sized");

            CompletableFuture<HttpResponse<String>> next = other.sendAsync(
                    HttpRequest.newBuilder(gateway.resolve("/api/tasks/slow"))
                            .header("Authorization", "Bearer " + tokens.user("next-" + UUID.randomUUID()))
                            .timeout(Duration.ofSeconds(PATIENCE_SECONDS)).build(),
                    HttpResponse.BodyHandlers.ofString());
            StandInTaskService.Received arrived = taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(arrived).as("the next request reached the service on the one connection, so the held answer"
                    + " had been read off it whole").isNotNull();
            assertThat(arrived.uri()).isEqualTo("/api/tasks/slow");

            held.reset();
            HttpResponse<String> answer = next.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        } finally {
            slowReader.close().toCompletionStage().toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
