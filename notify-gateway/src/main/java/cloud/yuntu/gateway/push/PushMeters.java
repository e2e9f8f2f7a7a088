package cloud.yuntu.gateway.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this replica's WebSocket push did since it started, on {@code /q/metrics} and in the
 * operators' {@code GET /api/admin/push/stats}: messages written to clients, connections the gateway
 * closed by why, and the deepest a connection's send queue has been.
 */
@ApplicationScoped
public class PushMeters {

    /** Why the gateway closed an open connection; the {@code reason} tag of {@code yuntu.gateway.websocket.closed}. */
    public enum Closed {
        /** 4000: a newer connection of the user took its place. */
        REPLACED("replaced"),
        /** 1001: nothing heard from the client for the silence timeout. */
        SILENT("silent"),
        /** 1013: the client did not keep up with its send queue. */
        TOO_SLOW("too-slow"),
        /** 1009: the client sent a message over the limit. */
        TOO_BIG("too-big"),
        /** 4001: an operator disconnected the user. */
        DISCONNECTED("disconnected");

        private final String tag;

        Closed(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Map<Closed, Counter> closed = new EnumMap<>(Closed.class);
    private final Counter sent;
    private final AtomicInteger queueHighWater = new AtomicInteger();

    PushMeters(MeterRegistry registry) {
        for (Closed reason : Closed.values()) {
            closed.put(reason, registry.counter("yuntu.gateway.websocket.closed", "reason", reason.tag()));
        }
        this.sent = registry.counter("yuntu.gateway.websocket.messages.sent");
        registry.gauge("yuntu.gateway.websocket.send.queue.high.water", Tags.empty(), queueHighWater);
    }

    void closed(Closed reason) {
        closed.get(reason).increment();
    }

    void sent() {
        sent.increment();
    }

    /** A connection's queue holds {@code depth} messages now. */
    void queued(int depth) {
        queueHighWater.accumulateAndGet(depth, Math::max);
    }

    public long closedTotal(Closed reason) {
        return (long) closed.get(reason).count();
    }

    /** Messages written to clients since start (events, greetings, resyncs, answers to their messages). */
    public Counter sentCounter() {
        return sent;
    }

    /** The most messages one connection's send queue has held at once since start. */
    public int queueHighWater() {
        return queueHighWater.get();
    }
}
