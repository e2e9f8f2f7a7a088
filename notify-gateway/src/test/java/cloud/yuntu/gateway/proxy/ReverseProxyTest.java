package cloud.yuntu.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.testsupport.InjectTokens;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(ProxiedServices.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class ReverseProxyTest {

    private static final long PATIENCE_SECONDS = 30;

    StandInTaskService taskService;

    @InjectTokens
    TestTokens tokens;

    @TestHTTPResource("/")
    URI gateway;

    /** A user of this test alone: the rate limit counts per caller, so tests do not share a budget. */
    private String user;
    private String token;

    @BeforeEach
    void forgetEarlierRequestsAndSignIn() {
        taskService.received().clear();
        user = "alice-" + UUID.randomUUID();
        token = tokens.user(user);
    }

    @Test
    void passesMethodPathQueryHeadersAndBodyThroughAndTheAnswerBack() throws Exception {
        String task = "{\"sceneKey\":\"scenes/20260101/t/shot.ma\",\"frames\":\"1-10\",\"renderer\":\"arnold\",\"tier\":\"cpu\"}";
        given().contentType("application/json")
                .auth().oauth2(token)
                .header("Keep-Alive", "timeout=5")
                .header("Connection", "keep-alive, X-Per-Hop")
                .header("X-Per-Hop", "stays at the gateway")
                .body(task)
                .urlEncodingEnabled(false)
                .when().post("/api/tasks?dryRun=true&note=a%20b")
                .then().statusCode(201)
                // The service's own address never reaches the client: Location points at the gateway.
                .header("Location", "http://" + gateway.getAuthority() + "/api/tasks/6f1c7d2e-0b7a-4a51-9d55-3f0f8e1f2a10?view=full")
                .header("X-Task-Service", "stand-in")
                .contentType("application/json")
                .body(equalTo("{\"echo\":" + task + "}"));

        StandInTaskService.Received received = taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/api/tasks?dryRun=true&note=a%20b");
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo(task);
        assertThat(received.headers().getFirst("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.headers().getFirst("Content-Type")).startsWith("application/json");
        assertThat(received.headers().getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.headers().getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.headers().getFirst("X-Forwarded-Host")).isEqualTo(gateway.getAuthority());
        assertThat(received.headers().getFirst("Host")).isEqualTo(URI.create(taskService.baseUri()).getAuthority());
        assertThat(received.headers().containsKey("Keep-Alive")).isFalse();
        assertThat(received.headers().containsKey("X-Per-Hop")).isFalse();
    }

    @Test
    void anObjectsExistenceAndItsDeletionPassWithTheirHeaders() throws Exception {
        String key = "scenes/20260101/6f1c7d2e-0b7a-4a51-9d55-3f0f8e1f2a10/shot.ma";
        given().auth().oauth2(token).queryParam("key", key).when().head("/api/files/objects")
                .then().statusCode(200)
                .header("Content-Length", Long.toString(StandInTaskService.OBJECT_SIZE))
                .header("Repr-Digest", StandInTaskService.OBJECT_DIGEST);
        given().auth().oauth2(token).queryParam("key", key).when().delete("/api/files/objects")
                .then().statusCode(204);

        for (String method : new String[] {"HEAD", "DELETE"}) {
            StandInTaskService.Received received = taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(received).isNotNull();
            assertThat(received.method()).isEqualTo(method);
            assertThat(java.net.URLDecoder.decode(received.uri(), StandardCharsets.UTF_8))
                    .isEqualTo("/api/files/objects?key=" + key);
            assertThat(received.headers().getFirst("Authorization")).isEqualTo("Bearer " + token);
        }
        // Both need a token at the edge, like every API call.
        given().queryParam("key", key).when().head("/api/files/objects").then().statusCode(401);
        given().queryParam("key", key).when().delete("/api/files/objects").then().statusCode(401);
        assertThat(taskService.received()).isEmpty();
    }

    @Test
    void aLocationOutsideTheFarmPassesUnchanged() {
        given().auth().oauth2(token).redirects().follow(false).when().get("/api/tasks/elsewhere")
                .then().statusCode(302)
                .header("Location", "https://yuntu.oss-cn-hangzhou.aliyuncs.com/results/a.png?Signature=x");
    }

    @Test
    void aServiceProblemReachesTheClientUnchanged() {
        given().auth().oauth2(token).when().get("/api/tasks/missing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no task missing"));
    }

    @Test
    void aServiceThatIsDownIsNamedInABadGatewayProblem() {
        given().auth().oauth2(token).when().get("/api/scenes/shot.ma/analysis")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://yuntu.cloud/problems/backend-unavailable"))
                .body("status", equalTo(502))
                .body("title", equalTo("Bad Gateway"))
                .body("detail", containsString("scene-service at http://127.0.0.1:"));
    }

    @Test
    void pathsOutsideTheRoutesAreNotProxied() {
        given().auth().oauth2(token).when().get("/api/tasksomething").then().statusCode(404);
        given().auth().oauth2(token).when().get("/api/tasks/../q/metrics").then().statusCode(404);
        given().auth().oauth2(token).when().get("/q/metrics").then().statusCode(404);
        assertThat(taskService.received()).isEmpty();
    }

    /**
     * The service must get the first bytes of an upload while the client is still sending, and an
     * upload larger than Quarkus' default body limit (10 MiB) must pass whole, whether the client
     * announces its length (a browser's form upload) or sends chunks.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void streamsAnUploadInsteadOfBufferingIt(boolean chunked) throws Exception {
        CountDownLatch serviceGotFirstBytes = taskService.expectStream();
        MessageDigest sent = StandInTaskService.sha256();
        Random random = new Random(7);
        byte[] chunk = new byte[StandInTaskService.FIRST_BYTES];
        int chunks = 12 * 16 + 1;
        long length = (long) chunks * chunk.length;

        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/tasks/stream HTTP/1.1\r\nHost: " + gateway.getAuthority()
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/octet-stream\r\n"
                    + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + length)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeChunk(out, random, chunk, sent, chunked);

            assertThat(serviceGotFirstBytes.await(PATIENCE_SECONDS, TimeUnit.SECONDS))
                    .as("task-service received the first bytes before the upload ended").isTrue();

            for (int i = 1; i < chunks; i++) {
                writeChunk(out, random, chunk, sent, chunked);
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            String response = readAll(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200");
            JsonNode answer = FarmJson.mapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(answer.get("size").asLong()).isEqualTo(length);
            assertThat(answer.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        }
    }

    /**
     * A service that refuses an upload by its announced length answers before reading any of it
     * and closes; the client must get that answer at once, in either HTTP version, not a timeout
     * after it sent everything.
     */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aServiceRefusingAnUploadByItsLengthIsAnsweredAtOnce(HttpClient.Version version) throws Exception {
        byte[] body = new byte[64 * 1024 * 1024];
        try (HttpClient client = HttpClient.newBuilder().version(version).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.resolve("/api/files/too-large"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(PATIENCE_SECONDS))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("at most 1 KiB");
        }
    }

    /**
     * A body whose length is not known when it starts (a streamed upload) comes over HTTP/1.1 chunked and over HTTP/2
     * without any length; the gateway once took the latter for a request without a body and the service got none.
     */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aBodyOfUnknownLengthPassesInEitherVersion(HttpClient.Version version) throws Exception {
        byte[] body = new byte[3 * StandInTaskService.FIRST_BYTES + 17];
        new Random(7).nextBytes(body);
        try (HttpClient client = HttpClient.newBuilder().version(version).build()) {
            // The first request is the one that upgrades to HTTP/2; the upload is a stream of the upgraded connection.
            client.send(HttpRequest.newBuilder(gateway.resolve("/api/tasks/warm-up")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.resolve("/api/tasks/stream"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(PATIENCE_SECONDS))
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(version);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode answer = FarmJson.mapper().readTree(response.body());
            assertThat(answer.get("size").asLong()).isEqualTo(body.length);
            assertThat(answer.get("sha256").asText())
                    .isEqualTo(HexFormat.of().formatHex(StandInTaskService.sha256().digest(body)));
        }
    }

    /** What {@code ./yuntu token} and other JDK clients send: no body, in either HTTP version. */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aPostWithoutABodyPassesInEitherVersion(HttpClient.Version version) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(version).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.resolve("/api/tasks/empty"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(PATIENCE_SECONDS))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("Connection")).isEmpty();
        }
        assertThat(taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS).body()).isEmpty();
    }

    @Test
    void dotSegmentsCannotLeaveTheRoutePrefix() throws Exception {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            socket.getOutputStream().write(("GET /api/tasks/x/../y HTTP/1.1\r\nHost: " + gateway.getAuthority()
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
        assertThat(taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS).uri()).isEqualTo("/api/tasks/y");

        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            socket.getOutputStream().write(("GET /api/tasks/../../private HTTP/1.1\r\nHost: " + gateway.getAuthority()
                    + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 404");
        }
        assertThat(taskService.received()).isEmpty();
    }

    private static void writeChunk(OutputStream out, Random random, byte[] chunk, MessageDigest sent, boolean chunked)
            throws Exception {
        random.nextBytes(chunk);
        sent.update(chunk);
        if (chunked) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(chunk);
        if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
