package cloud.yuntu.gateway.replicas;

import java.time.Duration;
import java.time.Instant;

/**
 * Which published snapshots still stand for a running replica. A replica that stops cleanly
 * withdraws its snapshot; one that crashed, hangs or lost the database stops publishing, and its
 * last snapshot is ignored once it missed a few publications. Times are the database's.
 */
final class ReplicaLiveness {

    private ReplicaLiveness() {
    }

    /** How old a snapshot may be: {@code missed} publish intervals. */
    static Duration staleAfter(Duration publishInterval, int missed) {
        if (missed < 1) {
            throw new IllegalArgumentException("yuntu.gateway.replicas.missed-publications must be 1 or more: " + missed);
        }
        return publishInterval.multipliedBy(missed);
    }

    /** Whether the snapshot was published within {@code staleAfter} before {@code now}. */
    static boolean live(ReplicaSnapshot snapshot, Instant now, Duration staleAfter) {
        return !snapshot.publishedAt().isBefore(now.minus(staleAfter));
    }
}
