package cloud.yuntu.gateway.replicas;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes this replica's snapshot on the {@link ReplicaBoard} every
 * {@link ReplicasConfig#publishInterval()}, from start until it stops, when it withdraws it: the
 * connections it held are gone with it. Each round also removes the snapshots of replicas that
 * died long ago.
 */
@Startup
@ApplicationScoped
public class SnapshotPublisher {

    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);
    /** A stopping replica waits this long at most for its snapshot to be withdrawn; stale, it is ignored anyway. */
    private static final Duration WITHDRAW_TIMEOUT = Duration.ofSeconds(2);
    /** Snapshots this many times staler than stale are removed: long after anyone could mistake them for live. */
    private static final int FORGET_AFTER_STALE_TIMES = 20;

    private final ReplicaBoard board;
    private final ReplicaFigures figures;
    private final Duration forgetAfter;
    private final Vertx vertx;
    private final long timer;
    /** A round still waiting for the database is not overtaken by the next one. */
    private final AtomicBoolean publishing = new AtomicBoolean();
    private volatile boolean stopped;

    SnapshotPublisher(ReplicaBoard board, ReplicaFigures figures, ReplicasConfig config, Vertx vertx) {
        this.board = board;
        this.figures = figures;
        this.forgetAfter = ReplicaLiveness.staleAfter(config.publishInterval(), config.missedPublications())
                .multipliedBy(FORGET_AFTER_STALE_TIMES);
        this.vertx = vertx;
        publish();
        this.timer = vertx.setPeriodic(config.publishInterval().toMillis(), ignored -> publish());
    }

    private void publish() {
        if (stopped || !publishing.compareAndSet(false, true)) {
            return;
        }
        board.publish(figures.now())
                .chain(() -> board.forgetOlderThan(forgetAfter))
                .subscribe().with(forgotten -> publishing.set(false), failure -> {
                    publishing.set(false);
                    LOG.warnf("Publishing this replica's snapshot failed (the others stop counting it until it succeeds): %s",
                            failure.toString());
                });
    }

    /** Before the pool closes: the replica's connections are closing, the others must stop counting them now. */
    void withdraw(@Observes ShutdownEvent stopping) {
        stopped = true;
        vertx.cancelTimer(timer);
        String id = figures.replica().id();
        try {
            // A round under way would put the snapshot back after it was withdrawn.
            long deadline = System.nanoTime() + WITHDRAW_TIMEOUT.toNanos();
            while (publishing.get() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            board.withdraw(id).await().atMost(WITHDRAW_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Withdrawing the snapshot of replica %s failed; it goes stale by itself: %s", id, e.toString());
        }
    }
}
