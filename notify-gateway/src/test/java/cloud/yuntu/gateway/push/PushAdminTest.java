package cloud.yuntu.gateway.push;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operators' endpoints of the push: figures, who is online, disconnecting a user, notifications end to end. */
@QuarkusTest
class PushAdminTest extends LiveFeedTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    /** A fresh operator per test: each has a bucket of 10 requests in the test profile. */
    private String operator;

    @BeforeEach
    void freshOperator() {
        operator = tokens.admin("operator-" + UUID.randomUUID());
    }

    private static final List<Function<RequestSpecification, Response>> ENDPOINTS = List.of(
            request -> request.get("/api/admin/push/stats"),
            request -> request.get("/api/admin/push/users"),
            request -> request.post("/api/admin/push/users/alice/disconnect"),
            request -> request.contentType(ContentType.JSON)
                    .body(Map.of("userId", "alice", "level", "INFO", "title", "t", "message", "m"))
                    .post("/api/admin/notifications"));

    @Test
    void everyEndpointNeedsAValidTokenThenTheAdminRole() {
        String user = tokens.user("user-" + UUID.randomUUID());
        for (Function<RequestSpecification, Response> endpoint : ENDPOINTS) {
            endpoint.apply(given()).then().statusCode(401).contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", "Bearer")
                    .body("type", equalTo("https://yuntu.cloud/problems/unauthorized"));
            endpoint.apply(given().header("Authorization", "Bearer " + tokens.expired("operator"))).then()
                    .statusCode(401).contentType(PROBLEM_JSON);
            endpoint.apply(given().header("Authorization", "Bearer " + tokens.tampered("alice", "operator"))).then()
                    .statusCode(401).contentType(PROBLEM_JSON);
            endpoint.apply(given().header("Authorization", "Bearer " + user)).then()
                    .statusCode(403).contentType(PROBLEM_JSON)
                    .body("type", equalTo("https://yuntu.cloud/problems/forbidden"))
                    .body("status", equalTo(403));
        }
    }

    @Test
    void otherAdminPathsAreNeitherAnsweredNorForwarded() {
        // /api/admin/agents/** is task-service's (drain, resume) and forwarded: BackendRoutesTest.
        asOperator().get("/api/admin/accounts").then().statusCode(404);
        asOperator().get("/api/admin/agentsx").then().statusCode(404);
        asOperator().get("/api/admin/push").then().statusCode(404);
    }

    @Test
    void anOperatorIsLimitedLikeAnyCaller() {
        // The test profile's burst is 10 requests, refilled at 1 per second.
        Response refused = null;
        int admitted = 0;
        while (refused == null && admitted < 15) {
            Response answer = asOperator().get("/api/admin/push/stats");
            assertThat(answer.statusCode()).isIn(200, 429);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                admitted++;
            }
        }
        assertThat(admitted).as("requests admitted before the first 429").isBetween(10, 14);
        refused.then().contentType(PROBLEM_JSON)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://yuntu.cloud/problems/too-many-requests"));
    }

    @Test
    void theFiguresCountTheConnectionsAndWhyTheyWereClosed() throws Exception {
        String alice = "stats-alice-" + UUID.randomUUID();
        JsonPath before = stats();
        assertThat(before.getString("answeredBy.id")).isNotBlank();
        assertThat(before.getString("answeredBy.host")).isNotBlank();
        assertThat(before.getList("replicas.id")).as("this replica, the only one").containsExactly(before.getString("answeredBy.id"));
        assertThat(before.getInt("connectionLimitPerUser")).isEqualTo(3);
        assertThat(before.getInt("sendQueueLimit")).isEqualTo(256);
        assertThat(before.getInt("rateWindowSeconds")).isEqualTo(60);

        List<PushClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                // The fourth replaces the first (3 per user in the test profile).
                clients.add(PushClient.connect(server, tokens.user(alice), ""));
            }
            assertThat(clients.getFirst().awaitClose().code()).isEqualTo((short) 4000);
            try (PushClient tooChatty = PushClient.connect(server, tokens.user("stats-bob-" + UUID.randomUUID()), "")) {
                tooChatty.send("x".repeat(5000));
                assertThat(tooChatty.awaitClose().code()).isEqualTo((short) 1009);
            }

            JsonPath during = stats();
            assertThat(during.getInt("connections")).isGreaterThanOrEqualTo(3);
            assertThat(during.getInt("users")).isGreaterThanOrEqualTo(1);
            assertThat(during.getInt("maxConnectionsPerUser")).isEqualTo(3);
            assertThat(during.getLong("closed.replaced")).isEqualTo(before.getLong("closed.replaced") + 1);
            assertThat(during.getLong("closed.tooBig")).isEqualTo(before.getLong("closed.tooBig") + 1);
            assertThat(during.getLong("closed.silent")).isGreaterThanOrEqualTo(0);
            assertThat(during.getLong("closed.tooSlow")).isGreaterThanOrEqualTo(0);
            // Five greetings at least went out.
            assertThat(during.getLong("messagesSent")).isGreaterThanOrEqualTo(before.getLong("messagesSent") + 5);
            assertThat(during.getInt("sendQueueHighWater")).isPositive();
            assertThat(during.getLong("recordsNumbered")).as("the probe's events").isPositive();
        } finally {
            clients.forEach(PushClient::close);
        }
        // Sampled every second; the bucket of 10 requests refills at 1 per second.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonPath after = stats();
            assertThat(after.getFloat("messagesSentPerSecond")).isPositive();
            // Closed connections leave the figures.
            assertThat(after.getInt("connections")).isLessThanOrEqualTo(before.getInt("connections"));
        });
    }

    @Test
    void theUsersListShowsEachUserOnceWithTheirConnectionsOnThisReplica() throws Exception {
        String alice = "online-alice-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        try (PushClient everything = PushClient.connect(server, tokens.user(alice), "");
             PushClient oneTask = PushClient.connect(server, tokens.user(alice), "taskId=" + UUID.randomUUID())) {
            everything.greeting();
            oneTask.greeting();
            JsonPath online = asOperator().get("/api/admin/push/users").then().statusCode(200).extract().jsonPath();
            String self = online.getString("answeredBy.id");
            assertThat(self).isNotBlank();
            Map<String, Object> user = online.getMap("users.find { it.userId == '" + alice + "' }");
            assertThat(user).as("%s online", alice).isNotNull().containsOnlyKeys("userId", "connectionCount",
                    "oldestConnectedAt", "replicas");
            assertThat(user.get("connectionCount")).isEqualTo(2);
            assertThat(Instant.parse((String) user.get("oldestConnectedAt"))).isAfter(before).isBeforeOrEqualTo(Instant.now());
            List<Map<String, Object>> replicas = online.getList("users.find { it.userId == '" + alice + "' }.replicas");
            assertThat(replicas).hasSize(1);
            assertThat(replicas.getFirst()).containsEntry("replicaId", self).containsEntry("connectionCount", 2)
                    .containsEntry("oldestConnectedAt", user.get("oldestConnectedAt"))
                    .containsKey("host");
        }
    }

    @Test
    void disconnectingAUserClosesAllTheirConnectionsWith4001AndNobodyElses() throws Exception {
        String alice = "kicked-alice-" + UUID.randomUUID();
        String bob = "kept-bob-" + UUID.randomUUID();
        long disconnectedBefore = stats().getLong("closed.disconnected");
        try (PushClient first = PushClient.connect(server, tokens.user(alice), "");
             PushClient second = PushClient.connect(server, tokens.user(alice), "taskId=" + UUID.randomUUID());
             PushClient other = PushClient.connect(server, tokens.user(bob), "")) {
            other.greeting();
            JsonPath answer = asOperator().post("/api/admin/push/users/" + alice + "/disconnect").then().statusCode(202)
                    .contentType(ContentType.JSON)
                    .body("userId", equalTo(alice))
                    .body("closed", equalTo(2))
                    .body("answeredBy.id", notNullValue())
                    .extract().jsonPath();
            assertThat(answer.getList("replicas.replicaId")).containsExactly(answer.getString("answeredBy.id"));
            assertThat(answer.getList("replicas.closed")).containsExactly(2);
            assertThat(answer.getList("pending")).isEmpty();

            for (PushClient client : List.of(first, second)) {
                PushClient.Closed closed = client.awaitClose();
                assertThat(closed.code()).isEqualTo((short) 4001);
                assertThat(closed.reason()).isEqualTo("disconnected by an administrator");
            }
            assertThat(other.closedWithin(QUIET)).as("another user's connection").isNull();
            JsonPath online = asOperator().get("/api/admin/push/users").then().statusCode(200).extract().jsonPath();
            assertThat(online.getList("users.userId", String.class)).doesNotContain(alice).contains(bob);
            assertThat(stats().getLong("closed.disconnected")).isEqualTo(disconnectedBefore + 2);

            // Not connected (any more): nothing to close, which is an answer too.
            asOperator().post("/api/admin/push/users/" + alice + "/disconnect").then().statusCode(202)
                    .body("closed", equalTo(0));
        }
    }

    @Test
    void anOperatorsNotificationReachesItsUserOnly() throws Exception {
        String alice = "notified-alice-" + UUID.randomUUID();
        try (PushClient aliceClient = PushClient.connect(server, tokens.user(alice), "");
             PushClient bob = PushClient.connect(server, tokens.user("bob-" + UUID.randomUUID()), "")) {
            long base = aliceClient.greeting().get("seq").asLong();
            bob.greeting();
            String id = notify(Map.of("userId", alice, "level", "WARNING", "title", "Quota", "message", "90% used"));

            JsonNode envelope = aliceClient.next();
            assertThat(envelope.get("event").asText()).isEqualTo("notification");
            assertThat(envelope.get("seq").asLong()).isEqualTo(base + 1);
            JsonNode data = envelope.get("data");
            assertThat(data.get("type").asText()).isEqualTo("notification.v1");
            assertThat(data.get("id").asText()).isEqualTo(id);
            assertThat(data.get("userId").asText()).isEqualTo(alice);
            assertThat(data.get("level").asText()).isEqualTo("WARNING");
            assertThat(data.get("title").asText()).isEqualTo("Quota");
            assertThat(data.get("message").asText()).isEqualTo("90% used");
            assertThat(data.get("kind").asText()).isEqualTo("operator");
            assertThat(data.get("taskId").isNull()).isTrue();
            assertThat(bob.poll(QUIET)).as("another user's notification").isNull();
        }
    }

    @Test
    void aBroadcastReachesEveryUser() throws Exception {
        try (PushClient alice = PushClient.connect(server, tokens.user("all-alice-" + UUID.randomUUID()), "");
             PushClient bob = PushClient.connect(server, tokens.user("all-bob-" + UUID.randomUUID()), "")) {
            alice.greeting();
            bob.greeting();
            Map<String, Object> body = new HashMap<>();
            body.put("userId", null);
            body.put("level", "INFO");
            body.put("title", "Maintenance at 02:00");
            body.put("message", "The farm pauses for 10 minutes.");
            String id = notify(body);

            for (PushClient client : List.of(alice, bob)) {
                JsonNode envelope = client.next();
                assertThat(envelope.get("event").asText()).isEqualTo("notification");
                assertThat(envelope.get("data").get("id").asText()).isEqualTo(id);
                assertThat(envelope.get("data").get("userId").isNull()).isTrue();
                assertThat(envelope.get("data").get("title").asText()).isEqualTo("Maintenance at 02:00");
            }
        }
    }

    @Test
    void anInvalidNotificationIs422NamingTheFieldAndNothingIsSent() throws Exception {
        String alice = "invalid-alice-" + UUID.randomUUID();
        try (PushClient aliceClient = PushClient.connect(server, tokens.user(alice), "")) {
            aliceClient.greeting();
            asOperator().contentType(ContentType.JSON)
                    .body(Map.of("userId", alice, "level", "DEBUG", "message", "x".repeat(2001)))
                    .post("/api/admin/notifications")
                    .then().statusCode(422).contentType(PROBLEM_JSON)
                    .body("type", equalTo("https://yuntu.cloud/problems/invalid-request"))
                    .body("errors.field", hasItem("level"))
                    .body("errors.field", hasItem("title"))
                    .body("errors.field", hasItem("message"));
            asOperator().contentType(ContentType.JSON).body("{\"title\": ")
                    .post("/api/admin/notifications")
                    .then().statusCode(400).contentType(PROBLEM_JSON);
            asOperator().contentType(ContentType.JSON).body(Map.of("level", "INFO", "title", Map.of("nested", true)))
                    .post("/api/admin/notifications")
                    .then().statusCode(422).contentType(PROBLEM_JSON).body("errors.field", hasItem("title"));
            asOperator().contentType(ContentType.JSON).post("/api/admin/notifications")
                    .then().statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("body"));
            asOperator().contentType(ContentType.JSON)
                    .body(Map.of("level", "INFO", "title", "t", "message", "m".repeat(20_000)))
                    .post("/api/admin/notifications")
                    .then().statusCode(413).contentType(PROBLEM_JSON);
            // The token is checked before the body is read.
            given().contentType(ContentType.JSON).body("{\"title\": ").post("/api/admin/notifications")
                    .then().statusCode(401).contentType(PROBLEM_JSON);
            assertThat(aliceClient.poll(QUIET)).as("a refused notification").isNull();
        }
    }

    private String notify(Map<String, Object> body) {
        return asOperator().contentType(ContentType.JSON).body(body).post("/api/admin/notifications")
                .then().statusCode(202).contentType(ContentType.JSON)
                .extract().jsonPath().getString("id");
    }

    private JsonPath stats() {
        return asOperator().get("/api/admin/push/stats").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    private RequestSpecification asOperator() {
        return given().header("Authorization", "Bearer " + operator);
    }
}
