package cloud.yuntu.file.framelog;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Archives the renderer log batches agents publish on {@code farm.frame-logs} (consumer group
 * {@code file-service-frame-logs}), a whole poll at a time: logs are the busiest topic of the farm, and
 * one insert per poll keeps up with it where one per record would not. A batch that cannot be kept
 * is logged and skipped; the others of its poll are kept.
 */
@ApplicationScoped
public class FrameLogConsumer {

    private static final Logger LOG = Logger.getLogger(FrameLogConsumer.class);

    private final FrameLogs logs;

    FrameLogConsumer(FrameLogs logs) {
        this.logs = logs;
    }

    @Incoming("frame-logs")
    public Uni<Void> onBatches(List<FrameLogBatch> batches) {
        List<LogBatch> kept = new ArrayList<>(batches.size());
        for (FrameLogBatch batch : batches) {
            if (batch == null) {
                // An unreadable record, already logged by the connector.
                continue;
            }
            Optional<String> problem = LogBatchCheck.problem(batch);
            if (problem.isPresent()) {
                LOG.warnf("Log batch %s (frame %s, attempt %d) skipped: %s", batch.id(), batch.frameId(),
                        batch.attempt(), problem.get());
                continue;
            }
            kept.add(LogBatchCheck.kept(batch));
        }
        return Uni.createFrom().deferred(() -> logs.store(kept))
                // The database being away must not lose logs: keep the poll (and the partitions behind it)
                // until it is stored, rather than skipping it. Every batch in it passed the check, so
                // nothing in it can make the insert fail for good.
                .onFailure().invoke(e -> LOG.warnf("Cannot archive %d log batches yet: %s", kept.size(), e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .invoke(added -> LOG.debugf("%d of %d log batches archived anew", (int) added, kept.size()))
                .replaceWithVoid();
    }
}
