package cloud.yuntu.e2e.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies (of every delivered event here; of agents' hand-offs in the dispatch load), recorded from many threads at
 * once without a lock: counts per 0.1 ms up to 10 s, per 10 ms up to 10 minutes (an overloaded
 * gateway falls that far behind), one bucket beyond, and the exact maximum. Percentiles are the
 * upper edge of their bucket (at most the maximum), so they are never understated.
 */
public final class LatencyHistogram {

    static final long FINE_MICROS = 100;
    static final long FINE_UP_TO_MICROS = 10_000_000;
    static final long COARSE_MICROS = 10_000;
    static final long COARSE_UP_TO_MICROS = 600_000_000;

    private static final int FINE_BUCKETS = (int) (FINE_UP_TO_MICROS / FINE_MICROS);
    private static final int COARSE_BUCKETS = (int) ((COARSE_UP_TO_MICROS - FINE_UP_TO_MICROS) / COARSE_MICROS);

    private final AtomicLongArray buckets = new AtomicLongArray(FINE_BUCKETS + COARSE_BUCKETS + 1);
    private final LongAdder count = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);

    /** A latency in microseconds; a negative one (clock granularity) counts as 0. */
    public void record(long micros) {
        long clamped = Math.max(0, micros);
        buckets.incrementAndGet(bucketOf(clamped));
        count.increment();
        max.accumulate(clamped);
    }

    private static int bucketOf(long micros) {
        if (micros < FINE_UP_TO_MICROS) {
            return (int) (micros / FINE_MICROS);
        }
        if (micros < COARSE_UP_TO_MICROS) {
            return FINE_BUCKETS + (int) ((micros - FINE_UP_TO_MICROS) / COARSE_MICROS);
        }
        return FINE_BUCKETS + COARSE_BUCKETS;
    }

    /** The largest latency in microseconds bucket {@code i} holds (exclusive). */
    private static long upperEdge(int i) {
        return i < FINE_BUCKETS ? (i + 1) * FINE_MICROS : FINE_UP_TO_MICROS + (i - FINE_BUCKETS + 1) * COARSE_MICROS;
    }

    public long count() {
        return count.sum();
    }

    /** The maximum in milliseconds, NaN when nothing was recorded. */
    public double maxMillis() {
        return count() == 0 ? Double.NaN : max.get() / 1000.0;
    }

    /**
     * The latency in milliseconds that {@code fraction} (0..1) of the recorded ones do not exceed,
     * NaN when nothing was recorded; beyond 10 minutes, the exact maximum.
     */
    public double percentileMillis(double fraction) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        int last = buckets.length() - 1;
        for (int i = 0; i < last; i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                return Math.min(upperEdge(i) / 1000.0, maxMillis());
            }
        }
        return maxMillis();
    }
}
