package cloud.yuntu.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import cloud.yuntu.testsupport.InjectTokens;
import cloud.yuntu.testsupport.PostgresResource;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The edge: who gets past the gateway to a service, and how often. */
@QuarkusTest
@QuarkusTestResource(ProxiedServices.class)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenResource.class, restrictToAnnotatedClass = false)
class EdgeIdentityTest {

    private static final long PATIENCE_SECONDS = 30;

    StandInTaskService taskService;

    @InjectTokens
    TestTokens tokens;

    @TestHTTPResource("/")
    URI gateway;

    /** The management interface's root, i.e. {@code http://host:port/q/}. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @BeforeEach
    void forgetEarlierRequests() {
        taskService.received().clear();
    }

    /** Every kind of missing or bad credential, on every proxied prefix: 401 before any service. */
    @ParameterizedTest
    @ValueSource(strings = {"none", "expired", "another key", "alg none", "tampered", "basic", "garbage"})
    void withoutAValidTokenNothingReachesAService(String credential) {
        for (String path : new String[] {"/api/tasks", "/api/tasks/" + UUID.randomUUID(), "/api/accounts/alice",
                "/api/files/results/" + UUID.randomUUID(), "/api/files/objects?key=scenes/x", "/api/scenes/shot.ma/analysis",
                "/api/assets/" + "0".repeat(64)}) {
            with(credential).when().get(path)
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401))
                    .body("type", equalTo("https://yuntu.cloud/problems/unauthorized"));
        }
        // A body is refused just the same, and not passed on.
        with(credential).contentType("application/json").body("{\"sceneKey\":\"scenes/20260101/x/shot.ma\"}")
                .when().post("/api/tasks").then().statusCode(401);
        assertThat(taskService.received()).isEmpty();
    }

    /**
     * A refusal over HTTP/2 (the JDK's client upgrades to it by default) is an answer the client can read: it once
     * carried {@code Connection: close}, a header HTTP/2 forbids, and the client failed the exchange as malformed.
     */
    @Test
    void aRefusalOverHttp2IsAnAnswerTheClientCanRead() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            // The first request is the upgrade; the next ones are streams of the upgraded connection.
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(gateway.resolve("/api/tasks")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(401);
                assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(answer.body()).contains("unauthorized");
            }
        }
        assertThat(taskService.received()).isEmpty();
    }

    /**
     * Over HTTP/1.1 a refused request without a body leaves its connection open for the next one (a client at its
     * rate limit would otherwise reconnect for every 429); one whose body was still coming has it closed.
     */
    @Test
    void aRefusalOverHttp1KeepsTheConnectionUnlessABodyWasStillComing() throws Exception {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String get = "GET /api/tasks HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\n\r\n";
            for (int i = 0; i < 2; i++) {
                out.write(get.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = RawHttp.head(in);
                assertThat(head).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("connection: close");
                assertThat(new String(RawHttp.body(in, head), StandardCharsets.UTF_8)).contains("unauthorized");
            }
            out.write(("POST /api/tasks HTTP/1.1\r\nHost: " + gateway.getAuthority()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = RawHttp.head(in);
            assertThat(head).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
        }
        assertThat(taskService.received()).isEmpty();
    }

    @Test
    void aForgedUserHeaderNeverReachesAServiceTheTokenDoes() throws Exception {
        String token = tokens.user("mallory-" + UUID.randomUUID());
        given().auth().oauth2(token)
                .header("X-Yuntu-User", "alice")
                .header("x-yuntu-roles", "admin")
                .when().get("/api/tasks")
                .then().statusCode(201);

        StandInTaskService.Received received = taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-yuntu-"));
        assertThat(received.headers().getFirst("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void accountsAndTokensAreTaskServicesAndTheTokenEndpointIsLimitedPerAddress() throws Exception {
        given().auth().oauth2(tokens.admin("root")).contentType("application/json").body("{\"admin\":false}")
                .when().put("/api/accounts/bob").then().statusCode(201);
        assertThat(taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS).uri()).isEqualTo("/api/accounts/bob");

        // No token needed to get one; task-service answers (here: the stand-in echoes).
        String login = "{\"username\":\"alice\",\"password\":\"secret\"}";
        given().contentType("application/json").body(login).when().post("/api/auth/token").then().statusCode(201);
        StandInTaskService.Received received = taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/api/auth/token");
        // Only POST is open: anything else there needs a token like the rest of the API.
        given().when().get("/api/auth/token").then().statusCode(401);

        // %test: 3 at once, then 2 a minute from one address.
        Response refused = null;
        int passed = 1;
        for (int i = 0; i < 10 && refused == null; i++) {
            Response answer = given().contentType("application/json").body(login).when().post("/api/auth/token");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(201);
                passed++;
            }
        }
        assertThat(passed).isEqualTo(3);
        assertTooManyRequests(refused);
        // The address' limit is not a caller's: requests with a token still pass.
        given().auth().oauth2(tokens.user("alice")).when().get("/api/tasks").then().statusCode(201);
        // The loop's passed requests (the first one was taken above) and the last one.
        assertThat(taskService.received()).hasSize(passed);
    }

    @Test
    void presignedUrlsCarryTheirOwnSignatureAndNeedNoToken() throws Exception {
        String url = "/api/files/blob/results/20260101/" + UUID.randomUUID() + "/0001.exr?expires=1&signature=abc";
        given().urlEncodingEnabled(false).when().get(url).then().statusCode(201);
        assertThat(taskService.received().poll(PATIENCE_SECONDS, TimeUnit.SECONDS).uri()).isEqualTo(url);
    }

    @Test
    void aCallerOverItsRateGets429WithRetryAfterAndTheServiceSeesNoneOfThem() {
        String flooder = tokens.user("flooder-" + UUID.randomUUID());
        Response refused = null;
        int passed = 0;
        // %test: bursts of 10, then 1 per second.
        for (int i = 0; i < 60 && refused == null; i++) {
            Response answer = given().auth().oauth2(flooder).when().get("/api/tasks");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(201);
                passed++;
            }
        }
        assertThat(passed).as("the whole burst passes").isGreaterThanOrEqualTo(10);
        assertTooManyRequests(refused);
        assertThat(taskService.received()).hasSize(passed);

        // Another caller has a budget of its own.
        given().auth().oauth2(tokens.user("patient-" + UUID.randomUUID())).when().get("/api/tasks").then().statusCode(201);
    }

    @Test
    void contentUploadsHaveATransferRateOfTheirOwn() {
        String uploader = tokens.user("uploader-" + UUID.randomUUID());
        // %test: API bursts of 10, transfer bursts of 20. A project's 15 files pass beyond the API's burst...
        for (int i = 0; i < 15; i++) {
            given().auth().oauth2(uploader).body(new byte[] {(byte) i}).when().put("/api/assets/" + "%064x".formatted(i))
                    .then().statusCode(201);
        }
        // ...and leave the API's budget untouched.
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(uploader).when().get("/api/tasks").then().statusCode(201);
        }
        Response refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            Response answer = given().auth().oauth2(uploader).body(new byte[] {1}).when().put("/api/assets/" + "7".repeat(64));
            if (answer.statusCode() == 429) {
                refused = answer;
            }
        }
        assertTooManyRequests(refused);
        assertThat(refused.jsonPath().getString("detail")).contains("uploads per second");
    }

    /** Task ids, user names and object keys are data: /q/metrics must show none of them. */
    @Test
    void metricsOnTheManagementPortCarryNoTaskOrUserIds() {
        String user = "metrics-user-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        given().auth().oauth2(tokens.user(user)).when().get("/api/tasks/" + task).then().statusCode(201);
        given().auth().oauth2(tokens.user(user)).when().post("/api/tasks/" + task + "/pause").then().statusCode(201);
        given().auth().oauth2(tokens.admin("root")).when().post("/api/accounts/" + user + "/token").then().statusCode(201);
        given().when().get("/api/files/blob/scenes/20260101/" + task + "/shot.ma").then().statusCode(201);
        String sha256 = "5e".repeat(32);
        given().auth().oauth2(tokens.user(user)).body(new byte[] {1}).when().put("/api/assets/" + sha256).then().statusCode(201);

        await().atMost(Duration.ofSeconds(PATIENCE_SECONDS)).untilAsserted(() -> {
            String body = given().when().get(management + "metrics").then().statusCode(200).extract().asString();
            assertThat(body)
                    .contains("uri=\"/api/tasks/{id}\"")
                    .contains("uri=\"/api/tasks/{id}/pause\"")
                    .contains("uri=\"/api/accounts/{id}/token\"")
                    .contains("uri=\"/api/files/blob/{key}\"")
                    .contains("uri=\"/api/assets/{id}\"")
                    .doesNotContain(sha256)
                    .doesNotContain(task.toString())
                    .doesNotContain(user);
        });
    }

    private RequestSpecification with(String credential) {
        String victim = "alice";
        return switch (credential) {
            case "none" -> given();
            case "expired" -> given().auth().oauth2(tokens.expired(victim));
            case "another key" -> given().auth().oauth2(tokens.signedByAnotherKey(victim));
            case "alg none" -> given().auth().oauth2(tokens.unsigned(victim));
            case "tampered" -> given().auth().oauth2(tokens.tampered("mallory", victim));
            case "basic" -> given().auth().preemptive().basic(victim, "secret");
            case "garbage" -> given().header("Authorization", "Bearer not.a.token");
            default -> throw new IllegalArgumentException(credential);
        };
    }

    private static void assertTooManyRequests(Response refused) {
        assertThat(refused).as("a request was refused with 429").isNotNull();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getInt("status")).isEqualTo(429);
        assertThat(refused.jsonPath().getString("type")).isEqualTo("https://yuntu.cloud/problems/too-many-requests");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    }
}
