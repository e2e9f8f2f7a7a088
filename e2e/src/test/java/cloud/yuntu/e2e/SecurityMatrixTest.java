package cloud.yuntu.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cloud.yuntu.deploy.local.FarmService;
import cloud.yuntu.deploy.local.LocalFarm;
import cloud.yuntu.testsupport.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity and tenancy through the gateway against the real services: two users, one admin, no
 * token and every kind of bad token, against every endpoint a user reaches, and the WebSocket.
 * alice owns a paused task (so nothing moves it but a request) and a completed one with results;
 * bob and the bad tokens must neither see nor change any of it.
 */
@ExtendWith({FarmUnderTest.class, FarmLogsOnFailure.class})
class SecurityMatrixTest {

    static LocalFarm farm;
    static String gateway;
    static TaskApi alice;
    static TaskApi bob;
    static TaskApi admin;
    /** Bad tokens, signed with the farm's own key where only one thing may be wrong. */
    static TestTokens forged;
    static Path scene;
    static String aliceScene;
    static UUID alicePaused;
    static UUID aliceDone;
    static String aliceResult;

    @BeforeAll
    static void aliceHasTasksAndFiles(LocalFarm started, @TempDir Path work) throws Exception {
        farm = started;
        gateway = farm.url(FarmService.GATEWAY).toString();
        alice = new TaskApi(gateway, farm.tokens().user("alice"));
        bob = new TaskApi(gateway, farm.tokens().user("bob"));
        admin = new TaskApi(gateway, farm.tokens().admin("operator"));
        forged = TestTokens.of(farm.secrets().tokenKeys(), LocalFarm.ISSUER);

        scene = Scenes.withSimulation(work, Scenes.BASE, "yuntu.simulate.msPerFrame", "3000");
        aliceScene = alice.upload(scene).getString("key");
        alicePaused = alice.submit(aliceScene, "1-40", 160, 90);
        alice.awaitAnalysed(alicePaused, Duration.ofSeconds(60));
        alice.request().post("/api/tasks/" + alicePaused + "/pause").then().statusCode(200);
        alice.awaitStatus(alicePaused, "PAUSED", Duration.ofSeconds(30));

        Path fast = Scenes.withSimulation(Files.createDirectories(work.resolve("fast")), Scenes.BASE,
                "yuntu.simulate.msPerFrame", "100");
        aliceDone = alice.submit(fast, "1-2", 160, 90);
        alice.awaitStatus(aliceDone, "COMPLETED", Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> alice.results(aliceDone).getList("key").size() == 2);
        aliceResult = alice.results(aliceDone).getString("[0].key");
    }

    @AfterAll
    static void aliceCancelsHerOwnTask() {
        if (alicePaused != null) {
            alice.request().post("/api/tasks/" + alicePaused + "/cancel").then().statusCode(200);
        }
    }

    /** Every endpoint a user reaches through the gateway, each aimed at alice's things. */
    static Map<String, Function<RequestSpecification, Response>> endpoints() {
        Map<String, Function<RequestSpecification, Response>> calls = new LinkedHashMap<>();
        calls.put("GET /api/tasks", r -> r.get("/api/tasks"));
        calls.put("GET /api/tasks/{id}", r -> r.get("/api/tasks/" + alicePaused));
        calls.put("POST /api/tasks/{id}/cancel", r -> r.post("/api/tasks/" + alicePaused + "/cancel"));
        calls.put("POST /api/tasks/{id}/pause", r -> r.post("/api/tasks/" + alicePaused + "/pause"));
        calls.put("POST /api/tasks/{id}/resume", r -> r.post("/api/tasks/" + alicePaused + "/resume"));
        calls.put("GET /api/tasks/{id}/frames", r -> r.get("/api/tasks/" + alicePaused + "/frames"));
        calls.put("DELETE /api/tasks/{id}", r -> r.delete("/api/tasks/" + alicePaused));
        calls.put("POST /api/tasks", r -> r.contentType(ContentType.JSON).body(Map.of("sceneKey", aliceScene, "frames", "1"))
                .post("/api/tasks"));
        calls.put("GET /api/tiers", r -> r.get("/api/tiers"));
        calls.put("PUT /api/tiers/{name}", r -> r.contentType(ContentType.JSON).body(Map.of("cores", 1, "ramGb", 1,
                "gpus", 0, "pricePerHour", 0.01, "currency", "CNY", "pool", "basic")).put("/api/tiers/basic"));
        calls.put("GET /api/agents", r -> r.get("/api/agents"));
        calls.put("POST /api/files/scenes", r -> r.multiPart("file", scene.toFile()).post("/api/files/scenes"));
        calls.put("GET /api/files/objects", r -> r.queryParam("key", aliceScene).get("/api/files/objects"));
        calls.put("POST /api/files/presign", r -> r.contentType(ContentType.JSON)
                .body(Map.of("key", aliceResult, "method", "GET", "expiresInSeconds", 60)).post("/api/files/presign"));
        calls.put("GET /api/files/results/{taskId}", r -> r.get("/api/files/results/" + aliceDone));
        calls.put("POST /api/scenes/analyse", r -> r.contentType(ContentType.JSON).body(Map.of("key", aliceScene))
                .post("/api/scenes/analyse"));
        calls.put("PUT /api/accounts/{user}", r -> r.contentType(ContentType.JSON).body(Map.of("admin", true))
                .put("/api/accounts/mallory"));
        return calls;
    }

    /** name -> Authorization header value (null: none at all). */
    static Map<String, String> badCredentials() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("no token", null);
        bad.put("expired", "Bearer " + forged.expired("alice"));
        bad.put("signed by another key", "Bearer " + forged.signedByAnotherKey("alice"));
        bad.put("another issuer", "Bearer " + forged.otherIssuer("alice"));
        bad.put("alg none", "Bearer " + forged.unsigned("alice"));
        bad.put("tampered", "Bearer " + TestTokens.tamper(bob.token(), "alice"));
        bad.put("not a JWT", "Bearer not.a.jwt");
        bad.put("basic auth", "Basic YWRtaW46YWRtaW4=");
        return bad;
    }

    private static void assertProblem(Response response, int status, String what) {
        assertThat(response.statusCode()).as(what + " -> " + response.asString()).isEqualTo(status);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).as(what).isEqualTo(status);
    }

    private static void assertAliceUntouched() {
        assertThat(alice.task(alicePaused).getString("status")).isEqualTo("PAUSED");
        assertThat(alice.results(aliceDone).getList("key")).hasSize(2);
        // No account was made by anyone but the admin: asking a token for it finds none.
        admin.request().post("/api/accounts/mallory/token").then().statusCode(404);
    }

    @Test
    void everyEndpointAnswers401ToMissingAndBadTokensAndNothingChanges() throws Exception {
        for (Map.Entry<String, String> credential : badCredentials().entrySet()) {
            for (Map.Entry<String, Function<RequestSpecification, Response>> endpoint : endpoints().entrySet()) {
                RequestSpecification request = given().baseUri(gateway);
                if (credential.getValue() != null) {
                    request.header("Authorization", credential.getValue());
                }
                assertProblem(endpoint.getValue().apply(request), 401, endpoint.getKey() + " with " + credential.getKey());
                Thread.sleep(60); // below any per-address rate limit: this is about identity, not throttling
            }
        }
        assertAliceUntouched();
    }

    @Test
    void anotherUserFindsNothingOfAlicesAndChangesNothing() {
        Map<String, Function<RequestSpecification, Response>> calls = endpoints();
        for (String name : List.of("GET /api/tasks/{id}", "POST /api/tasks/{id}/cancel", "POST /api/tasks/{id}/pause",
                "POST /api/tasks/{id}/resume", "GET /api/tasks/{id}/frames", "DELETE /api/tasks/{id}", "GET /api/files/objects",
                "POST /api/files/presign", "GET /api/files/results/{taskId}")) {
            assertProblem(calls.get(name).apply(bob.request()), 404, "bob: " + name);
        }
        Response analyse = calls.get("POST /api/scenes/analyse").apply(bob.request());
        assertThat(analyse.statusCode()).as("bob analyses alice's scene: " + analyse.asString()).isIn(404, 422);
        Response submit = calls.get("POST /api/tasks").apply(bob.request());
        assertProblem(submit, 422, "bob submits alice's scene");
        assertThat(submit.asString()).contains("sceneKey");
        Response putResult = bob.request().contentType(ContentType.JSON)
                .body(Map.of("key", aliceResult, "method", "PUT", "expiresInSeconds", 60)).post("/api/files/presign");
        assertThat(putResult.statusCode()).as("bob presigns a PUT over alice's result").isIn(403, 404);
        assertProblem(calls.get("PUT /api/accounts/{user}").apply(bob.request()), 403, "bob makes an account");
        assertProblem(calls.get("PUT /api/tiers/{name}").apply(bob.request()), 403, "bob reprices a tier");
        assertProblem(calls.get("GET /api/agents").apply(bob.request()), 403, "bob lists the render nodes");
        bob.request().get("/api/tiers").then().statusCode(200);

        List<String> bobSees = bob.request().get("/api/tasks").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(bobSees).doesNotContain(alicePaused.toString(), aliceDone.toString());
        assertAliceUntouched();
    }

    @Test
    void aForgedUserHeaderChangesNothing() {
        assertProblem(bob.request().header("X-Yuntu-User", "alice").get("/api/tasks/" + alicePaused), 404, "bob as X-Yuntu-User alice");
        assertProblem(bob.request().header("X-Yuntu-User", "alice").post("/api/tasks/" + alicePaused + "/cancel"), 404,
                "bob cancels as X-Yuntu-User alice");
        assertProblem(given().baseUri(gateway).header("X-Yuntu-User", "alice").get("/api/tasks"), 401, "no token, X-Yuntu-User alice");
        List<String> bobSees = bob.request().header("X-Yuntu-User", "alice").get("/api/tasks")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(bobSees).doesNotContain(alicePaused.toString(), aliceDone.toString());
        assertAliceUntouched();
    }

    @Test
    void theOwnerReachesAllOfHersAndTheServerChoosesIds() {
        assertThat(alice.request().get("/api/tasks").then().statusCode(200).extract().jsonPath().getList("items.id", String.class))
                .contains(alicePaused.toString(), aliceDone.toString());
        alice.request().queryParam("key", aliceScene).get("/api/files/objects").then().statusCode(200);
        String url = alice.request().contentType(ContentType.JSON)
                .body(Map.of("key", aliceResult, "method", "GET", "expiresInSeconds", 60)).post("/api/files/presign")
                .then().statusCode(200).extract().jsonPath().getString("url");
        given().get(url).then().statusCode(200); // a presigned URL is its own credential

        Response upload = alice.request().multiPart("file", scene.toFile()).post("/api/files/scenes");
        assertThat(upload.statusCode()).isEqualTo(201);
        assertThat(upload.jsonPath().getMap("$")).doesNotContainKey("taskId");
        assertThat(upload.jsonPath().getString("key")).matches("scenes/\\d{8}/[^/]+/.+").isNotEqualTo(aliceScene);
        Response choosingAnId = alice.request().multiPart("file", scene.toFile()).multiPart("taskId", UUID.randomUUID().toString())
                .post("/api/files/scenes");
        assertProblem(choosingAnId, 422, "upload naming a taskId");
        assertThat(choosingAnId.asString()).contains("taskId");
    }

    @Test
    void anAdminSeesEveryonesTasksAndFiles() {
        UUID bobs = bob.submit(bob.upload(scene).getString("key"), "1", 160, 90);
        try {
            List<String> all = admin.request().get("/api/tasks").then().statusCode(200).extract().jsonPath().getList("items.id");
            assertThat(all).contains(alicePaused.toString(), aliceDone.toString(), bobs.toString());
            assertThat(admin.task(alicePaused).getString("status")).isEqualTo("PAUSED");
            assertThat(admin.results(aliceDone).getList("key")).hasSize(2);
            admin.request().queryParam("key", aliceScene).get("/api/files/objects").then().statusCode(200);
            List<String> aliceSees = alice.request().get("/api/tasks").then().statusCode(200).extract().jsonPath().getList("items.id");
            assertThat(aliceSees).doesNotContain(bobs.toString());
        } finally {
            bob.request().post("/api/tasks/" + bobs + "/cancel");
        }
    }

    @Test
    void signingInWithAWrongPasswordIs401() {
        Response wrong = given().baseUri(gateway).contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "not-the-password")).post("/api/auth/token");
        assertProblem(wrong, 401, "wrong password");
        Response unknown = given().baseUri(gateway).contentType(ContentType.JSON)
                .body(Map.of("username", "nobody-at-all", "password", "whatever")).post("/api/auth/token");
        assertProblem(unknown, 401, "unknown user");
    }

    /**
     * An upload announcing more than file-service takes is refused by file-service from its
     * Content-Length, and that answer reaches the client through the gateway before it sends any of the
     * body, not a timeout after it sent everything.
     */
    @Test
    void anUploadOverTheSizeLimitIsAnswered413BeforeItsBodyIsSent() throws Exception {
        URI edge = URI.create(gateway);
        try (Socket socket = new Socket(edge.getHost(), edge.getPort())) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(60));
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/files/scenes HTTP/1.1\r\nHost: " + edge.getAuthority()
                    + "\r\nAuthorization: Bearer " + alice.token()
                    + "\r\nContent-Type: multipart/form-data; boundary=x"
                    + "\r\nContent-Length: " + 100L * 1024 * 1024 * 1024 * 1024 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // None of the announced 100 TiB yet: the answer must come from the headers alone. (A client that
            // went on sending meanwhile raced the refusal: its write could meet the closed connection first.)
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
        assertAliceUntouched();
    }

    // ---- the WebSocket ----

    private static void assertRefused(String token, String what) throws Exception {
        try (TaskEventsSocket socket = new TaskEventsSocket(gateway, token, "")) {
            TaskEventsSocket.Closed closed = socket.closed().get(15, TimeUnit.SECONDS);
            assertThat(closed.code()).as(what).isEqualTo(1008);
            assertThat(closed.reason()).as(what + ": a clear reason").isNotBlank();
            assertThat(socket.envelopes()).as(what).isEmpty();
        } catch (ExecutionException e) {
            // Refused at the handshake already: as good, as long as no connection was made.
            assertThat(e.getCause()).as(what).isInstanceOf(WebSocketHandshakeException.class);
        }
    }

    @Test
    void theWebSocketRefusesMissingAndBadTokens() throws Exception {
        assertRefused(null, "no token");
        assertRefused(forged.expired("alice"), "expired");
        assertRefused(forged.signedByAnotherKey("alice"), "another key");
        assertRefused(forged.unsigned("alice"), "alg none");
        assertRefused(TestTokens.tamper(bob.token(), "alice"), "tampered");
    }

    @Test
    void aConnectionSeesOnlyItsUsersEventsAndAnAdminSeesAll() throws Exception {
        String task = alicePaused.toString();
        try (TaskEventsSocket alices = new TaskEventsSocket(gateway, alice.token(), "");
                TaskEventsSocket bobs = new TaskEventsSocket(gateway, bob.token(), "");
                TaskEventsSocket bobsOnAlicesTask = new TaskEventsSocket(gateway, bob.token(), "taskId=" + task);
                TaskEventsSocket admins = new TaskEventsSocket(gateway, admin.token(), "")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> List.of(alices, bobs, bobsOnAlicesTask, admins).stream()
                    .allMatch(s -> !s.envelopes("connection:established").isEmpty()));

            alice.request().post("/api/tasks/" + task + "/resume").then().statusCode(200);
            alice.request().post("/api/tasks/" + task + "/pause").then().statusCode(200);
            alice.awaitStatus(alicePaused, "PAUSED", Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(20)).until(() -> !alices.about(task).isEmpty() && !admins.about(task).isEmpty());
            Thread.sleep(2000); // what bob might wrongly receive would arrive by now
            assertThat(bobs.about(task)).isEmpty();
            assertThat(bobsOnAlicesTask.about(task)).isEmpty();
            assertThat(bobsOnAlicesTask.envelopes()).noneMatch(e -> e.path("event").asText().startsWith("task:")
                    || e.path("event").asText().startsWith("frame:"));
        }
    }

    // ---- the edge ----

    @Test
    void operationalEndpointsAreNotOnThePublicPortAndMetricsNameNoTaskOrUser() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            assertThat(given().baseUri(gateway).get(path).statusCode()).as(path + " on the public port").isNotEqualTo(200);
        }
        given().baseUri(farm.gatewayManagementUrl().toString()).get("/q/health/ready").then().statusCode(200);
        String metrics = given().baseUri(farm.gatewayManagementUrl().toString()).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(alicePaused.toString(), aliceDone.toString(), "alice", aliceScene);
    }

    @Test
    void servicesBehindTheGatewayListenOnLoopbackOnly() {
        // The launcher binds them to 127.0.0.1; a request to this machine's other address must not reach them.
        String host = LocalAddress.nonLoopback();
        assumeTrue(host != null, "this machine has no non-loopback address");
        for (FarmService service : List.of(FarmService.TASK, FarmService.FILE, FarmService.SCENE)) {
            int port = farm.url(service).getPort();
            assertThatThrownBy(() -> new Socket(host, port).close()).as(service.module())
                    .isInstanceOf(IOException.class);
        }
        given().baseUri("http://" + host + ":" + farm.url(FarmService.GATEWAY).getPort()).get("/api/tasks").then().statusCode(401);
    }
}
