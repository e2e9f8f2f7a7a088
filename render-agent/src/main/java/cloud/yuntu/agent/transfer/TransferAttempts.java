package cloud.yuntu.agent.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When one transfer (a download or an upload, presign included) tries again after a failure. A failure of the
 * transfer itself (a digest mismatch, a 5xx, a refused PUT) counts against {@code attempts}, with a backoff
 * doubling from {@code backoff}. file-service or the gateway being unreachable ({@link TransferFailed#unavailable()})
 * does not count: the frame rendered fine and re-rendering it elsewhere would not help, so the transfer waits
 * for them (a restart, a rollout) for up to {@code patience} since they first did not answer, between tries at
 * most {@link #LONGEST_WAIT}. A failure that is not retryable ends it at once. Pure; one instance per transfer.
 */
final class TransferAttempts {

    /** The most one waits between tries while file-service is away: it is noticed back within this. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final int attempts;
    private final Duration backoff;
    private final Duration patience;
    private int counted;
    private int unanswered;
    private Instant awaySince;

    TransferAttempts(int attempts, Duration backoff, Duration patience) {
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.patience = patience;
    }

    /**
     * @param now when the transfer failed
     * @return how long to wait before trying again; empty to give up and let the failure fail the frame
     */
    Optional<Duration> after(TransferFailed failure, Instant now) {
        if (!failure.retryable()) {
            return Optional.empty();
        }
        if (failure.unavailable()) {
            if (awaySince == null) {
                awaySince = now;
            }
            if (!Duration.between(awaySince, now).minus(patience).isNegative()) {
                return Optional.empty();
            }
            return Optional.of(doubled(unanswered++));
        }
        // Answered again: a later outage has its own patience.
        awaySince = null;
        unanswered = 0;
        counted++;
        return counted >= attempts ? Optional.empty() : Optional.of(backoff.multipliedBy(1L << Math.min(counted - 1, 30)));
    }

    /** {@code backoff} doubled {@code times} times, at most {@link #LONGEST_WAIT}. */
    private Duration doubled(int times) {
        Duration wait = backoff;
        for (int i = 0; i < times && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    /** Failures counted against the attempts so far (unanswered tries are not). */
    int counted() {
        return counted;
    }
}
