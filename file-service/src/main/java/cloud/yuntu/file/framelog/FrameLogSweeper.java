package cloud.yuntu.file.framelog;

import cloud.yuntu.file.FileConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Removes the logs of tasks that ended longer than {@code yuntu.file.logs.retention} ago (every
 * {@code yuntu.file.logs.sweep-interval}), and of tasks file-service never learned the owner of once
 * their batches are as old. The end is {@code file.task_owner.ended_at}, the same record that lets a
 * task's results be deleted: a retry that reopens the task keeps its logs until it ends again.
 */
@ApplicationScoped
public class FrameLogSweeper {

    private static final Logger LOG = Logger.getLogger(FrameLogSweeper.class);

    private final FrameLogs logs;
    private final Clock clock;
    private final Duration retention;
    private final int batch;

    FrameLogSweeper(FrameLogs logs, Clock clock, FileConfig config) {
        this.logs = logs;
        this.clock = clock;
        this.retention = config.logs().retention();
        this.batch = config.logs().sweepBatch();
    }

    @Scheduled(identity = "frame-log-sweep", every = "${yuntu.file.logs.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepExpired() {
        return sweep(clock.instant()).replaceWithVoid();
    }

    /**
     * One round at {@code now}: the logs of at most {@code yuntu.file.logs.sweep-batch} ended tasks, and of
     * as many unowned ones; the next round takes the rest.
     *
     * @return how many batches were removed
     */
    public Uni<Integer> sweep(Instant now) {
        return logs.removeExpired(now.minus(retention), batch)
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.infof("Removed %d log batches of tasks ended more than %s ago", removed, retention);
                    }
                });
    }
}
