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
 * closed by why, and the deepest a connection's send queue has been; on {@code /q/metrics} also the
 * task log batches and lines pushed, dropped by why, and cut to the line limit.
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

    /** Why task log lines did not reach a connection; the {@code reason} tag of the {@code yuntu.gateway.task.log.*.dropped} counters. */
    public enum LogDropped {
        /** Over the connection's {@code yuntu.gateway.push.log-lines-per-second}; the client is told how many. */
        OVER_CAP("over-cap"),
        /** A user's connection while the gateway did not know yet whose the task is. */
        OWNER_UNKNOWN("owner-unknown"),
        /** A batch that could not be read; counted once, not per connection. */
        UNREADABLE("unreadable");

        private final String tag;

        LogDropped(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Map<Closed, Counter> closed = new EnumMap<>(Closed.class);
    private final Map<LogDropped, Counter> logBatchesDropped = new EnumMap<>(LogDropped.class);
    private final Map<LogDropped, Counter> logLinesDropped = new EnumMap<>(LogDropped.class);
    private final Counter logBatchesPushed;
    private final Counter logLinesPushed;
    private final Counter logLinesTruncated;
    private final Counter sent;
    private final AtomicInteger queueHighWater = new AtomicInteger();

    PushMeters(MeterRegistry registry) {
        for (Closed reason : Closed.values()) {
            closed.put(reason, registry.counter("yuntu.gateway.websocket.closed", "reason", reason.tag()));
        }
        this.sent = registry.counter("yuntu.gateway.websocket.messages.sent");
        registry.gauge("yuntu.gateway.websocket.send.queue.high.water", Tags.empty(), queueHighWater);
        for (LogDropped reason : LogDropped.values()) {
            logBatchesDropped.put(reason, registry.counter("yuntu.gateway.task.log.batches.dropped", "reason", reason.tag()));
            logLinesDropped.put(reason, registry.counter("yuntu.gateway.task.log.lines.dropped", "reason", reason.tag()));
        }
        this.logBatchesPushed = registry.counter("yuntu.gateway.task.log.batches.pushed");
        this.logLinesPushed = registry.counter("yuntu.gateway.task.log.lines.pushed");
        this.logLinesTruncated = registry.counter("yuntu.gateway.task.log.lines.truncated");
    }

    /**
     * A {@code task:log} message was queued for a connection with {@code lines} of its batch and
     * {@code overCap} lines left out; a batch left out whole still counts as pushed (its message
     * says how many lines were dropped) and as dropped.
     */
    void logPushed(int lines, int overCap) {
        logBatchesPushed.increment();
        logLinesPushed.increment(lines);
        if (overCap > 0) {
            logLinesDropped.get(LogDropped.OVER_CAP).increment(overCap);
            if (lines == 0) {
                logBatchesDropped.get(LogDropped.OVER_CAP).increment();
            }
        }
    }

    /** A batch of {@code lines} lines that did not reach a connection, or (unreadable) any. */
    void logBatchDropped(LogDropped reason, int lines) {
        logBatchesDropped.get(reason).increment();
        logLinesDropped.get(reason).increment(lines);
    }

    /** Lines cut to {@code yuntu.gateway.push.log-line-limit}, counted once per batch. */
    void logLinesTruncated(int lines) {
        if (lines > 0) {
            logLinesTruncated.increment(lines);
        }
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
