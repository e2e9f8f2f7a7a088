package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Pushes the renderers' live log lines ({@code farm.frame-logs}) to this replica's connections
 * following their task. Each replica reads the topic in a consumer group of its own (see
 * application.properties), from its end and without committing: a live log is not kept or
 * replayed, and a batch nobody here follows costs no more than being read (it is not unpacked).
 */
@ApplicationScoped
public class LogFeed {

    private static final Logger LOG = Logger.getLogger(LogFeed.class);
    /** A cut line keeps some text besides its "…". */
    private static final int MIN_LINE_LIMIT = 16;

    private final Subscribers subscribers;
    private final PushMeters meters;
    private final int lineLimit;
    private final Clock clock = Clock.systemUTC();

    LogFeed(Subscribers subscribers, PushMeters meters, PushConfig config) {
        this.subscribers = subscribers;
        this.meters = meters;
        this.lineLimit = config.logLineLimit();
        if (lineLimit < MIN_LINE_LIMIT) {
            throw new IllegalArgumentException("yuntu.gateway.push.log-line-limit must be at least " + MIN_LINE_LIMIT
                    + " bytes, was " + lineLimit);
        }
    }

    @Incoming("frame-logs")
    public void onBatch(FrameLogBatch batch) {
        if (batch == null) {
            // Unreadable JSON (logged by the connector) or a tombstone: nothing to show, and never a reason to stop.
            meters.logBatchDropped(PushMeters.LogDropped.UNREADABLE, 0);
            return;
        }
        if (batch.taskId() == null || !subscribers.followsTask(batch.taskId())) {
            return;
        }
        TaskLogBatch read;
        try {
            read = TaskLogBatch.read(batch, lineLimit, clock.instant());
        } catch (TaskLogBatch.Unreadable e) {
            LOG.debugf("Skipped log batch %s of frame %s: %s", batch.id(), batch.frameId(), e.getMessage());
            meters.logBatchDropped(PushMeters.LogDropped.UNREADABLE, Math.max(0, batch.lineCount()));
            return;
        }
        meters.logLinesTruncated(read.truncated());
        subscribers.deliverLog(read);
    }
}
