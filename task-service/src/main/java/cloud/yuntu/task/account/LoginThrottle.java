package cloud.yuntu.task.account;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a username with consecutive failed sign-ins must wait before its next attempt counts:
 * nothing for the first {@code freeFailures}, then {@code firstDelay} doubling with every further
 * failure, never more than {@code maxDelay}. Guessing a password thus costs exponential time per
 * username, while a user who mistypes a few times notices nothing.
 */
public record LoginThrottle(int freeFailures, Duration firstDelay, Duration maxDelay) {

    public LoginThrottle {
        if (freeFailures < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("need freeFailures >= 0 and 0 <= firstDelay <= maxDelay");
        }
    }

    /** The pause a username must keep after its last failure, having failed {@code consecutiveFailures} times in a row. */
    public Duration backoff(int consecutiveFailures) {
        int beyond = consecutiveFailures - freeFailures;
        if (beyond < 0) {
            return Duration.ZERO;
        }
        // Doubling 2^beyond overflows quickly; past 2^30 any sane maxDelay is reached anyway.
        Duration delay = firstDelay.multipliedBy(1L << Math.min(beyond, 30));
        return delay.compareTo(maxDelay) > 0 || delay.isNegative() ? maxDelay : delay;
    }

    /**
     * How long an attempt at {@code now} must still wait; zero when it may be checked.
     *
     * @param lastFailedAt the last failure, null when there was none
     */
    public Duration wait(int consecutiveFailures, Instant lastFailedAt, Instant now) {
        if (lastFailedAt == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, lastFailedAt.plus(backoff(consecutiveFailures)));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
