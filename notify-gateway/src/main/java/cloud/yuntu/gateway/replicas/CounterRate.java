package cloud.yuntu.gateway.replicas;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The rate of a monotonic counter over a sliding window, from samples of its total taken now and
 * then: (newest total - oldest total in the window) / the time between them. Before the window
 * has filled, the rate is over the time sampled so far; with fewer than two samples it is 0.
 */
final class CounterRate {

    private record Sample(Instant at, double total) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    CounterRate(Duration window) {
        this.window = window;
    }

    /** Records the counter's total at {@code at}; samples older than the window are forgotten. */
    synchronized void sample(Instant at, double total) {
        samples.addLast(new Sample(at, total));
        Instant start = at.minus(window);
        // Keep the newest sample at or before the window's start: it is where the window begins.
        while (samples.size() >= 2) {
            Iterator<Sample> oldestFirst = samples.iterator();
            oldestFirst.next();
            if (oldestFirst.next().at().isAfter(start)) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** Per second over the window ending with the newest sample. */
    synchronized double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample oldest = samples.getFirst();
        Sample newest = samples.getLast();
        long millis = Duration.between(oldest.at(), newest.at()).toMillis();
        if (millis <= 0) {
            return 0;
        }
        return Math.max(0, newest.total() - oldest.total()) * 1000.0 / millis;
    }
}
