package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
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
    /** When the client was last heard from (a pong, a message, the handshake), for the silence check. */
    private volatile Instant lastHeard;

    Subscriber(WebSocketConnection connection, Subscription subscription, int queueLimit, Clock clock) {
        this.connection = connection;
        this.subscription = subscription;
        this.queueLimit = queueLimit;
        this.clock = clock;
        this.lastHeard = clock.instant();
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

    String connectionId() {
        return connection.id();
    }

    /** The client showed it is alive: a pong to the server's ping, or a message of its own. */
    void heard() {
        lastHeard = clock.instant();
    }

    boolean silentSince(Instant cutoff) {
        return lastHeard.isBefore(cutoff);
    }

    /** Answers the client on this connection, in order with the events and within the same queue limit. */
    void reply(ControlMessage message) {
        String frame;
        try {
            frame = FarmJson.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write " + message.event(), e);
        }
        enqueue(frame);
    }

    /** Closes the connection with the reason; nothing more is sent to it. */
    void close(CloseReason reason) {
        synchronized (this) {
            drop(reason);
        }
    }

    void offer(Push push) {
        String first;
        synchronized (this) {
            if (dropped || !subscription.wants(push)) {
                return;
            }
            seq++;
            first = queueLocked(envelope(push, seq));
        }
        send(first);
    }

    private void enqueue(String frame) {
        String first;
        synchronized (this) {
            if (dropped) {
                return;
            }
            first = queueLocked(frame);
        }
        send(first);
    }

    /** Called with the lock held: queues the frame and returns the one to send now, if none is being sent. */
    private String queueLocked(String frame) {
        if (queue.size() >= queueLimit) {
            drop(CloseCodes.TOO_SLOW);
            return null;
        }
        queue.add(frame);
        if (sending) {
            return null;
        }
        sending = true;
        return queue.poll();
    }

    private void send(String frame) {
        if (frame == null) {
            return;
        }
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
