package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.task.TaskEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Pushes {@code farm.task-events} to the WebSocket clients. Each replica reads the topic in a
 * consumer group of its own (see application.properties), because its clients must see every
 * event whichever replica they are connected to.
 */
@ApplicationScoped
public class TaskEventFeed {

    private static final Logger LOG = Logger.getLogger(TaskEventFeed.class);

    private final Subscribers subscribers;
    private final RecentEventIds recent;
    private final ProgressGuard progress;
    private final Counter duplicates;
    private final Counter stale;

    TaskEventFeed(Subscribers subscribers, RecentEventIds recent, ProgressGuard progress, MeterRegistry registry) {
        this.subscribers = subscribers;
        this.recent = recent;
        this.progress = progress;
        this.duplicates = registry.counter("yuntu.gateway.events.dropped", "reason", "duplicate", "topic", "task-events");
        this.stale = registry.counter("yuntu.gateway.events.dropped", "reason", "stale-progress", "topic", "task-events");
    }

    @Incoming("task-events")
    public void onTaskEvent(TaskEvent event) {
        if (event == null) {
            // An unreadable record (logged by the connector) or a tombstone: nothing to show.
            return;
        }
        if (!recent.firstSighting(event.id())) {
            duplicates.increment();
            LOG.debugf("Dropped redelivered %s", event.id());
            return;
        }
        if (!progress.admits(event)) {
            stale.increment();
            LOG.debugf("Dropped out-of-order progress %s of task %s", event.id(), event.taskId());
            return;
        }
        subscribers.publish(Push.of(event));
    }
}
