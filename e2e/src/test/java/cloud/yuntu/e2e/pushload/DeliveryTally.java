package cloud.yuntu.e2e.pushload;

import cloud.yuntu.e2e.bench.LatencyHistogram;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection of the load saw, summed over all of them from their event loops: events
 * delivered with their latencies, and what went wrong on the way (numbers skipped in a stream,
 * numbers seen twice, resyncs, connections the gateway closed, with the close code). Events sent
 * before the phase it counts (the warm-up's, arriving late) are counted apart.
 */
final class DeliveryTally {

    /** Events whose own time is before this belong to an earlier phase; null: none does. */
    private final Instant since;

    private final LatencyHistogram latencies = new LatencyHistogram();
    /** The part of each latency until the gateway numbered the event (the envelope's {@code ts}). */
    private final LatencyHistogram toNumbered = new LatencyHistogram();
    /** The latencies since the last {@link #takeWindow()}, for the figures printed while the load runs. */
    private final AtomicReference<LatencyHistogram> window = new AtomicReference<>(new LatencyHistogram());
    private final LongAdder delivered = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder repeated = new LongAdder();
    private final LongAdder resyncs = new LongAdder();
    private final LongAdder others = new LongAdder();
    private final LongAdder earlier = new LongAdder();
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();

    /** @param since events sent before it are an earlier phase's (null: every event counts) */
    DeliveryTally(Instant since) {
        this.since = since;
    }

    /**
     * A message of the stream after the connection's previous one ({@code previousSeq}).
     *
     * @return the seq the connection now stands at
     */
    long streamMessage(PushedEnvelope envelope, long previousSeq, Instant receivedAt) {
        switch (envelope.event()) {
            case PushedEnvelope.RESYNC -> {
                resyncs.increment();
                return envelope.seq();
            }
            case PushedEnvelope.PROGRESS -> {
                if (envelope.seq() <= previousSeq) {
                    repeated.increment();
                    return previousSeq;
                }
                skipped.add(envelope.seq() - previousSeq - 1);
                if (since != null && envelope.eventTime().isBefore(since)) {
                    earlier.increment();
                    return envelope.seq();
                }
                delivered.increment();
                long micros = envelope.latencyMicros(receivedAt);
                latencies.record(micros);
                toNumbered.record(envelope.toNumberedMicros());
                window.get().record(micros);
                return envelope.seq();
            }
            default -> {
                others.increment();
                return Math.max(previousSeq, envelope.seq());
            }
        }
    }

    void closed(int code) {
        closes.computeIfAbsent(code, ignored -> new LongAdder()).increment();
    }

    LatencyHistogram latencies() {
        return latencies;
    }

    /** How long events took until the gateway numbered them: the rest of the latency is Kafka out and the push. */
    LatencyHistogram toNumbered() {
        return toNumbered;
    }

    /** The latencies recorded since the previous call (or the start), and a new window from now on. */
    LatencyHistogram takeWindow() {
        return window.getAndSet(new LatencyHistogram());
    }

    long delivered() {
        return delivered.sum();
    }

    /** Seqs a connection never got although later ones came: events lost on the way. */
    long skipped() {
        return skipped.sum();
    }

    /** Events a connection got a second time. */
    long repeated() {
        return repeated.sum();
    }

    long resyncs() {
        return resyncs.sum();
    }

    /** Events of an earlier phase that arrived during this one. */
    long earlier() {
        return earlier.sum();
    }

    /** Messages that were neither task progress nor a resync (another event, an error answer). */
    long others() {
        return others.sum();
    }

    /** Connections closed after they were established, by close code (-1: the TCP connection broke). */
    Map<Integer, Long> closes() {
        Map<Integer, Long> byCode = new TreeMap<>();
        closes.forEach((code, count) -> byCode.put(code, count.sum()));
        return byCode;
    }
}
