package cloud.yuntu.gateway.admin;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.gateway.push.CloseCodes;
import cloud.yuntu.gateway.push.ControlMessage;
import cloud.yuntu.gateway.push.PushConfig;
import cloud.yuntu.gateway.replicas.FarmSnapshot;
import cloud.yuntu.gateway.replicas.FarmView;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The open {@code /ws/admin} connections and their {@code monitor} messages: one read of the farm
 * per {@link MonitorConfig#interval()} for all of them, and one at once for a connection that just
 * opened. They are not users' connections: they follow no stream, count toward no user's limit and
 * are not in the push figures they show.
 *
 * <p>A monitor message replaces the previous one, so a connection still writing the last one
 * skips a round instead of queueing: a slow operator's console costs no memory. A connection
 * silent for {@code yuntu.gateway.push.silence-timeout} (no pong, no message) is closed like a
 * user's.
 */
@Startup
@ApplicationScoped
class Monitors {

    private static final Logger LOG = Logger.getLogger(Monitors.class);
    static final String MONITOR = "monitor";

    /** {@code {"event":"monitor","data":{"stats":…,"users":[…]},"ts":…}}. */
    @JsonPropertyOrder({"event", "data", "ts"})
    record Message(String event, Data data, Instant ts) {
    }

    /** The same figures as {@code GET /api/admin/push/stats} and {@code /users}. */
    record Data(FarmAnswers.Stats stats, List<FarmSnapshot.OnlineUser> users) {
    }

    private final class Monitor {
        final WebSocketConnection connection;
        final AtomicBoolean sending = new AtomicBoolean();
        volatile Instant lastHeard = clock.instant();

        Monitor(WebSocketConnection connection) {
            this.connection = connection;
        }

        /** Sends the frame unless the previous monitor message is still being written. */
        void offer(String frame) {
            if (!sending.compareAndSet(false, true)) {
                return;
            }
            connection.sendText(frame).subscribe().with(ok -> sending.set(false), failure -> {
                sending.set(false);
                LOG.debugf("Sending to monitor %s failed: %s", connection.id(), failure);
            });
        }
    }

    private final Map<String, Monitor> open = new ConcurrentHashMap<>();
    private final FarmView farm;
    private final FarmAnswers answers;
    private final Duration silenceTimeout;
    private final Clock clock = Clock.systemUTC();
    private final Vertx vertx;
    private final long timer;
    /** A round whose farm read is still under way: a database slower than the interval gets no pile of reads. */
    private final AtomicBoolean reading = new AtomicBoolean();

    Monitors(FarmView farm, FarmAnswers answers, MonitorConfig config, PushConfig push, Vertx vertx) {
        this.farm = farm;
        this.answers = answers;
        this.silenceTimeout = push.silenceTimeout();
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(config.interval().toMillis(), ignored -> round());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }

    /** Registers the operator's connection and sends it the farm at once. */
    void add(WebSocketConnection connection) {
        Monitor monitor = new Monitor(connection);
        open.put(connection.id(), monitor);
        if (!connection.isOpen()) {
            // Closed while being opened: its close callback may have run before it was registered.
            open.remove(connection.id());
            return;
        }
        farm.now().subscribe().with(snapshot -> monitor.offer(frame(snapshot)), failure -> unavailable(List.of(monitor), failure));
    }

    void remove(WebSocketConnection connection) {
        open.remove(connection.id());
    }

    void heard(WebSocketConnection connection) {
        Monitor monitor = open.get(connection.id());
        if (monitor != null) {
            monitor.lastHeard = clock.instant();
        }
    }

    /** Answers a message the operator's console sent (a pong or an error). */
    void reply(WebSocketConnection connection, ControlMessage message) {
        connection.sendText(json(message)).subscribe().with(ok -> { }, failure -> { });
    }

    void close(WebSocketConnection connection, CloseReason reason) {
        open.remove(connection.id());
        if (connection.isOpen()) {
            connection.close(reason).subscribe().with(ok -> { }, failure -> { });
        }
    }

    private void round() {
        closeSilent();
        if (open.isEmpty()) {
            return;
        }
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        farm.now().subscribe().with(snapshot -> {
            reading.set(false);
            String frame = frame(snapshot);
            open.values().forEach(monitor -> monitor.offer(frame));
        }, failure -> {
            reading.set(false);
            unavailable(List.copyOf(open.values()), failure);
        });
    }

    private void closeSilent() {
        Instant cutoff = clock.instant().minus(silenceTimeout);
        open.values().stream().filter(monitor -> monitor.lastHeard.isBefore(cutoff)).toList()
                .forEach(monitor -> close(monitor.connection, CloseCodes.silent(silenceTimeout)));
    }

    /** The database cannot be read: the consoles are told so instead of seeing figures freeze. */
    private void unavailable(List<Monitor> monitors, Throwable failure) {
        LOG.debugf("Reading the replicas' snapshots for monitors failed: %s", failure);
        String error = json(ControlMessage.error("the farm's figures are unavailable (database unavailable); retrying",
                clock.instant()));
        monitors.forEach(monitor -> monitor.offer(error));
    }

    private String frame(FarmSnapshot snapshot) {
        return json(new Message(MONITOR, new Data(answers.stats(snapshot), snapshot.online()), clock.instant()));
    }

    private static String json(Object message) {
        try {
            return FarmJson.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write " + message, e);
        }
    }
}
