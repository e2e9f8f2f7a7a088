package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@code /ws/admin}: the farm's push live for operators, refused to everyone else. */
@QuarkusTest
class MonitorSocketTest extends LiveFeedTest {

    @Test
    void anOperatorGetsTheFarmAtOnceAndThenEverySecond() throws Exception {
        String operatorId = "watching-" + UUID.randomUUID();
        try (PushClient monitor = PushClient.monitor(server, tokens.admin(operatorId))) {
            JsonNode first = monitor.next();
            assertThat(first.get("event").asText()).isEqualTo("monitor");
            assertThat(first.has("seq")).as("not part of any stream").isFalse();
            JsonNode stats = first.get("data").get("stats");
            String self = stats.get("answeredBy").get("id").asText();
            assertThat(self).isNotBlank();
            assertThat(stats.get("replicas").findValuesAsText("id")).contains(self);
            assertThat(stats.get("connectionLimitPerUser").asInt()).isEqualTo(3);
            assertThat(first.get("data").get("users").isArray()).isTrue();

            JsonNode second = monitor.next();
            JsonNode third = monitor.next();
            assertThat(second.get("event").asText()).isEqualTo("monitor");
            Duration between = Duration.between(Instant.parse(second.get("ts").asText()), Instant.parse(third.get("ts").asText()));
            assertThat(between).as("yuntu.gateway.monitor.interval").isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
            // The operator's own connection is nobody's push connection.
            assertThat(third.get("data").get("users").findValuesAsText("userId")).doesNotContain(operatorId);
        }
    }

    @Test
    void theConnectionsOfAUserShowUpAndGoAway() throws Exception {
        String alice = "monitored-alice-" + UUID.randomUUID();
        try (PushClient monitor = PushClient.monitor(server, tokens.admin("watching-" + UUID.randomUUID()))) {
            int before = monitor.next().get("data").get("stats").get("connections").asInt();
            try (PushClient tab = PushClient.connect(server, tokens.user(alice), "");
                 PushClient otherTab = PushClient.connect(server, tokens.user(alice), "")) {
                tab.greeting();
                otherTab.greeting();
                JsonNode seen = nextWhere(monitor, data -> user(data, alice) != null);
                assertThat(user(seen, alice).get("connectionCount").asInt()).isEqualTo(2);
                assertThat(user(seen, alice).get("replicas").get(0).get("replicaId").asText())
                        .isEqualTo(seen.get("stats").get("answeredBy").get("id").asText());
                assertThat(seen.get("stats").get("connections").asInt()).isGreaterThanOrEqualTo(before + 2);
            }
            JsonNode gone = nextWhere(monitor, data -> user(data, alice) == null);
            assertThat(gone.get("stats").get("connections").asInt()).isLessThanOrEqualTo(before);
        }
    }

    @Test
    void pingIsAnsweredWithPongAndAnythingElseWithAnError() throws Exception {
        try (PushClient monitor = PushClient.monitor(server, tokens.admin("watching-" + UUID.randomUUID()))) {
            monitor.send("{\"event\":\"ping\"}");
            assertThat(nextEvent(monitor, "pong").has("ts")).isTrue();
            monitor.send("{\"event\":\"subscribe\"}");
            assertThat(nextEvent(monitor, "error").get("data").get("message").asText())
                    .isEqualTo("unknown event: subscribe (known: ping)");
            assertThat(nextEvent(monitor, "monitor")).as("still open").isNotNull();
        }
    }

    @Test
    void aUsersTokenIsRefusedWith4003() throws Exception {
        try (PushClient refused = PushClient.monitor(server, tokens.user("curious-" + UUID.randomUUID()))) {
            PushClient.Closed closed = refused.awaitClose();
            assertThat(closed.code()).isEqualTo((short) 4003);
            assertThat(closed.reason()).isEqualTo("forbidden: /ws/admin is for operators (groups: admin)");
            assertThat(refused.poll(Duration.ZERO)).as("no figures before the refusal").isNull();
        }
    }

    @Test
    void noOrABadTokenOrAForeignPageIsRefusedWith1008() throws Exception {
        try (PushClient none = PushClient.monitor(server, null)) {
            assertThat(none.awaitClose()).isEqualTo(
                    new PushClient.Closed((short) 1008, "unauthorized: the access_token query parameter is required"));
        }
        try (PushClient expired = PushClient.monitor(server, tokens.expired("operator"))) {
            PushClient.Closed closed = expired.awaitClose();
            assertThat(closed.code()).isEqualTo((short) 1008);
            assertThat(closed.reason()).startsWith("unauthorized: ");
        }
        try (PushClient foreign = PushClient.connect(server, "/ws/admin", tokens.admin("operator"), "",
                Map.of("Origin", "https://evil.test"))) {
            assertThat(foreign.awaitClose()).isEqualTo(new PushClient.Closed((short) 1008, "origin not allowed: https://evil.test"));
            assertThat(foreign.poll(Duration.ZERO)).isNull();
        }
    }

    private static JsonNode user(JsonNode data, String userId) {
        for (JsonNode user : data.get("users")) {
            if (user.get("userId").asText().equals(userId)) {
                return user;
            }
        }
        return null;
    }

    /** The data of the first monitor message that passes, within 10 messages. */
    private static JsonNode nextWhere(PushClient monitor, Predicate<JsonNode> wanted) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            JsonNode message = nextEvent(monitor, "monitor");
            if (wanted.test(message.get("data"))) {
                return message.get("data");
            }
        }
        throw new AssertionError("no monitor message as wanted within 10");
    }

    private static JsonNode nextEvent(PushClient monitor, String event) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            JsonNode message = monitor.next();
            if (message.get("event").asText().equals(event)) {
                return message;
            }
        }
        throw new AssertionError("no " + event + " within 10 messages");
    }
}
