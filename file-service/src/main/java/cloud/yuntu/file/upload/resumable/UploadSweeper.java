package cloud.yuntu.file.upload.resumable;

import static cloud.yuntu.file.upload.resumable.BlockingDb.inTransaction;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.MultipartStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Aborts uploads not completed within {@code yuntu.file.uploads.expire-after} and removes what is
 * left of finished ones: the stored parts first, then the rows. A store that cannot remove them now
 * (OSS down) keeps the row, aborted, for the next round, so no upload's parts are forgotten.
 */
@ApplicationScoped
public class UploadSweeper {

    static final String JOB = "upload-sweep";

    private static final Logger LOG = Logger.getLogger(UploadSweeper.class);

    private final MultipartStore store;
    private final ResumableUploads uploads;
    private final ReceivedParts parts;
    private final Clock clock;
    private final int batch;

    UploadSweeper(MultipartStore store, ResumableUploads uploads, ReceivedParts parts, Clock clock, FileConfig config) {
        this.store = store;
        this.uploads = uploads;
        this.parts = parts;
        this.clock = clock;
        this.batch = config.uploads().sweepBatch();
    }

    @Scheduled(identity = JOB, every = "${yuntu.file.uploads.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepExpired() {
        int expired = sweep(clock.instant());
        if (expired > 0) {
            LOG.infof("Aborted %d resumable uploads past their expiry", expired);
        }
    }

    /**
     * One round at {@code now}: at most {@code yuntu.file.uploads.sweep-batch} expired uploads aborted,
     * and as many finished ones removed from the store and the tables.
     *
     * @return how many uploads expired in this round
     */
    public int sweep(Instant now) {
        List<UUID> expired = inTransaction(() -> uploads.expire(now, batch).call(parts::removeAll));
        for (ResumableUpload finished : inTransaction(() -> uploads.finished(now, batch))) {
            dispose(finished);
        }
        return expired.size();
    }

    /** Removes an aborted or completed upload's parts from the store, then its rows; a failure leaves it for the next round. */
    void dispose(ResumableUpload upload) {
        try {
            store.abort(upload.storeUpload);
            inTransaction(() -> parts.removeAll(List.of(upload.id)).chain(() -> uploads.remove(List.of(upload.id))));
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Cannot remove upload %s yet; the sweep tries again", upload.id);
        }
    }
}
