package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.platform.identity.Caller;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The per-connection send queue, against a connection whose writes complete only when the test
 * says so: that is how a client that stops reading looks from the server.
 */
class SubscriberTest {

    private final SlowConnection slow = new SlowConnection();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void sendsOneMessageAtATimeInSeqOrder() throws Exception {
        Subscriber subscriber = greeted(10);

        subscriber.offer(push("a"));
        subscriber.offer(push("b"));
        subscriber.offer(push("c"));
        assertThat(slow.sent).hasSize(1);

        slow.completeOldestWrite();
        slow.completeOldestWrite();
        assertThat(slow.sent).hasSize(3);
        assertThat(slow.sent).extracting(SubscriberTest::seq).containsExactly(1L, 2L, 3L);
        assertThat(FarmJson.mapper().readTree(slow.sent.get(1)).get("data").get("title").asText()).isEqualTo("b");
        assertThat(FarmJson.mapper().readTree(slow.sent.get(1)).get("ts").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void aClientThatFallsTooFarBehindIsDisconnected() {
        Subscriber subscriber = greeted(2);

        subscriber.offer(push("in flight"));
        subscriber.offer(push("queued 1"));
        subscriber.offer(push("queued 2"));
        assertThat(slow.closedWith).isNull();

        subscriber.offer(push("one too many"));
        assertThat(slow.closedWith).isNotNull();
        assertThat(slow.closedWith.getCode()).isEqualTo(1013);

        slow.completeOldestWrite();
        subscriber.offer(push("after the drop"));
        assertThat(slow.sent).hasSize(1);
    }

    @Test
    void messagesTheSubscriptionDoesNotWantTakeNoSeq() throws Exception {
        Subscriber subscriber = greeted(10);

        subscriber.offer(new Push("notification", "{}", null, "bob", false));
        subscriber.offer(push("for alice"));

        assertThat(slow.sent).hasSize(1);
        assertThat(seq(slow.sent.getFirst())).isEqualTo(1L);
    }

    @Test
    void theFirstMessageSaysWhoAndTheSeqEventsContinueFrom() throws Exception {
        UUID task = UUID.randomUUID();
        Subscriber subscriber = new Subscriber(slow.connection(), new Subscription(Caller.user("alice"), task), 10, clock);
        // An event offered before the greeting went out still comes after it.
        subscriber.offer(new Push("task:status", "{\"taskId\":\"" + task + "\"}", task, "alice", false));
        subscriber.greet();
        slow.completeOldestWrite();

        assertThat(slow.sent).hasSize(2);
        var greeting = FarmJson.mapper().readTree(slow.sent.getFirst());
        assertThat(greeting.get("event").asText()).isEqualTo("connection:established");
        assertThat(greeting.get("seq").asLong()).isZero();
        assertThat(greeting.get("data").get("userId").asText()).isEqualTo("alice");
        assertThat(greeting.get("data").get("admin").asBoolean()).isFalse();
        assertThat(greeting.get("data").get("taskId").asText()).isEqualTo(task.toString());
        assertThat(seq(slow.sent.get(1))).isEqualTo(1L);
    }

    /** A subscriber whose greeting was sent and written, so what follows is about events only. */
    private Subscriber greeted(int queueLimit) {
        Subscriber subscriber = new Subscriber(slow.connection(), new Subscription(Caller.user("alice"), null), queueLimit, clock);
        subscriber.greet();
        slow.completeOldestWrite();
        assertThat(slow.sent).singleElement().satisfies(greeting -> assertThat(seq(greeting)).isZero());
        slow.sent.clear();
        return subscriber;
    }

    private static Push push(String title) {
        return new Push("notification", "{\"title\":\"" + title + "\"}", null, "alice", false);
    }

    private static long seq(String envelope) {
        try {
            return FarmJson.mapper().readTree(envelope).get("seq").asLong();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A connection whose every write stays pending until {@link #completeOldestWrite()}. */
    private static final class SlowConnection {
        final List<String> sent = new ArrayList<>();
        final List<UniEmitter<? super Void>> pendingWrites = new ArrayList<>();
        CloseReason closedWith;

        WebSocketConnection connection() {
            return (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "id" -> "slow-1";
                        case "isOpen" -> closedWith == null;
                        case "isClosed" -> closedWith != null;
                        case "sendText" -> {
                            sent.add((String) args[0]);
                            yield Uni.createFrom().<Void>emitter(pendingWrites::add);
                        }
                        case "close" -> {
                            closedWith = (CloseReason) args[0];
                            yield Uni.createFrom().voidItem();
                        }
                        case "toString" -> "SlowConnection";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        void completeOldestWrite() {
            pendingWrites.removeFirst().complete(null);
        }
    }
}
