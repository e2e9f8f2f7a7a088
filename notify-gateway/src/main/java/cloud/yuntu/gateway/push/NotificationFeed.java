package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.notification.Notification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Pushes {@code farm.notifications} to the named user's connections, or to all when no user is named. */
@ApplicationScoped
public class NotificationFeed {

    private final Subscribers subscribers;
    private final RecentEventIds recent;
    private final Counter duplicates;

    NotificationFeed(Subscribers subscribers, RecentEventIds recent, MeterRegistry registry) {
        this.subscribers = subscribers;
        this.recent = recent;
        this.duplicates = registry.counter("yuntu.gateway.events.dropped", "reason", "duplicate", "topic", "notifications");
    }

    @Incoming("notifications")
    public void onNotification(Notification notification) {
        if (notification == null) {
            return;
        }
        if (!recent.firstSighting(notification.id())) {
            duplicates.increment();
            return;
        }
        subscribers.publish(Push.of(notification));
    }
}
