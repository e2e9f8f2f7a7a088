package cloud.yuntu.file.presign;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Forgets the upload ids of URLs past their expiry (every {@code yuntu.file.presign.sweep-interval}). */
@ApplicationScoped
public class SpentUploadSweeper {

    private static final Logger LOG = Logger.getLogger(SpentUploadSweeper.class);

    private final SpentUploads spent;
    private final Clock clock;

    SpentUploadSweeper(SpentUploads spent, Clock clock) {
        this.spent = spent;
        this.clock = clock;
    }

    @Scheduled(identity = "spent-upload-sweep", every = "${yuntu.file.presign.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepExpired() {
        return spent.sweep(clock.instant())
                .invoke(removed -> LOG.debugf("Forgot %d spent upload ids of expired URLs", removed))
                .replaceWithVoid();
    }
}
