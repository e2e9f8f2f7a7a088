package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import org.jboss.logging.Logger;

/**
 * One open connection and the messages still to be sent to it. Messages go out one at a time,
 * each after the previous was written, so the {@code seq} order is the order on the wire; the
 * thread that publishes never waits for a client. A client whose queue overflows is disconnected
 * rather than slowing down or starving the others.
 */
final class Subscriber {

    /** 1013 "try again later": the client may reconnect once it keeps up, the server is fine. */
    static final CloseReason TOO_SLOW = new CloseReason(1013, "client too slow: send queue overflowed");

    private static final Logger LOG = Logger.getLogger(Subscriber.class);

    private final WebSocketConnection connection;
    private final Subscription subscription;
    private final int queueLimit;
    private final Clock clock;
    private final Queue<String> queue = new ArrayDeque<>();
    /** The first message of every connection, carrying the seq events continue from. */
    static final String ESTABLISHED = "connection:established";

    private long seq;
    private boolean sending;
    private boolean dropped;

    Subscriber(WebSocketConnection connection, Subscription subscription, int queueLimit, Clock clock) {
        this.connection = connection;
        this.subscription = subscription;
        this.queueLimit = queueLimit;
        this.clock = clock;
        // The first message: who the connection is, and the seq events continue from (0: none yet).
        queue.add(greeting());
    }

    /** Sends the greeting (and whatever was offered meanwhile, in order) unless sending already started. */
    void greet() {
        String first;
        synchronized (this) {
            if (sending || dropped) {
                return;
            }
            first = queue.poll();
            if (first == null) {
                return;
            }
            sending = true;
        }
        send(first);
    }

    String callerId() {
        return subscription.caller().id();
    }

    void offer(Push push) {
        String first;
        synchronized (this) {
            if (dropped || !subscription.wants(push)) {
                return;
            }
            if (queue.size() >= queueLimit) {
                drop(TOO_SLOW);
                return;
            }
            seq++;
            queue.add(envelope(push, seq));
            if (sending) {
                return;
            }
            sending = true;
            first = queue.poll();
        }
        send(first);
    }

    private void send(String frame) {
        connection.sendText(frame).subscribe().with(ok -> sendNext(), this::sendFailed);
    }

    private void sendNext() {
        String next;
        synchronized (this) {
            next = dropped ? null : queue.poll();
            if (next == null) {
                sending = false;
                return;
            }
        }
        send(next);
    }

    private void sendFailed(Throwable failure) {
        LOG.debugf(failure, "Sending to connection %s failed", connection.id());
        synchronized (this) {
            drop(CloseReason.INTERNAL_SERVER_ERROR);
        }
    }

    /** Called with the lock held. */
    private void drop(CloseReason reason) {
        if (dropped) {
            return;
        }
        dropped = true;
        queue.clear();
        LOG.infof("Closing connection %s (%s): %s", connection.id(), subscription, reason.getMessage());
        if (connection.isOpen()) {
            connection.close(reason).subscribe().with(ok -> { }, failure -> { });
        }
    }

    private String greeting() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", subscription.caller().id());
        data.put("admin", subscription.caller().seesEverything());
        data.put("taskId", subscription.taskId());
        try {
            return FarmJson.mapper().writeValueAsString(new Envelope(ESTABLISHED,
                    FarmJson.mapper().writeValueAsString(data), seq, clock.instant()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the greeting", e);
        }
    }

    private String envelope(Push push, long number) {
        try {
            return FarmJson.mapper().writeValueAsString(new Envelope(push.event(), push.data(), number, clock.instant()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the envelope of " + push.event(), e);
        }
    }
}
