package cloud.yuntu.gateway.limit;

import java.time.Duration;

/**
 * The classic token bucket: holds at most {@code capacity} tokens, gains {@code perSecond} tokens
 * a second, and each request takes one. A client that paused may spend a burst of up to
 * {@code capacity} requests at once; over time it gets no more than {@code perSecond}.
 *
 * <p>Pure and clock-free: the caller passes the time in nanoseconds (of {@link System#nanoTime()}
 * or a test's own count). Not thread-safe; {@link Limiter} guards it.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastRefill;

    /**
     * @param capacity  tokens the bucket holds, i.e. the largest burst (at least 1)
     * @param perSecond tokens added per second, the sustained rate (more than 0)
     * @param now       the time of creation; the bucket starts full
     */
    public TokenBucket(int capacity, double perSecond, long now) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("perSecond must be more than 0, was " + perSecond);
        }
        this.capacity = capacity;
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.lastRefill = now;
    }

    /**
     * Takes a token if there is one.
     *
     * @return {@link Duration#ZERO} when the request may go, else how long until a token is there
     */
    public Duration take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        long wait = (long) Math.ceil((1 - tokens) / perNano);
        return Duration.ofNanos(Math.max(1, wait));
    }

    /**
     * Takes as many of {@code wanted} tokens as the bucket holds whole, for requests that may be cut
     * short rather than refused (the first lines of a batch of log lines).
     *
     * @return how many were taken, 0 to {@code wanted}
     */
    public int takeUpTo(int wanted, long now) {
        refill(now);
        int taken = (int) Math.min(wanted, Math.floor(tokens));
        if (taken > 0) {
            tokens -= taken;
        }
        return Math.max(0, taken);
    }

    /** Whether the bucket is full at {@code now}, i.e. forgetting it would change nothing. */
    public boolean full(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            lastRefill = now;
        }
    }
}
