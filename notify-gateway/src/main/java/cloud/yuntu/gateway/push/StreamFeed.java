package cloud.yuntu.gateway.push;

import cloud.yuntu.gateway.stream.StreamRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Hands the numbered records of {@code farm.user-streams} to this replica's connections. Each
 * replica reads the topic in a consumer group of its own (see application.properties), because a
 * user's connections may be on any replica; a record that reaches a connection twice, or late, is
 * recognised by its seq. A record that cannot be read is skipped, logged and counted in
 * {@code yuntu.gateway.events.dropped{reason="unreadable",topic="user-streams"}}, not made a dead letter:
 * every replica reads it, and each would write the same letter.
 */
@ApplicationScoped
public class StreamFeed {

    private static final Logger LOG = Logger.getLogger(StreamFeed.class);

    private final Subscribers subscribers;
    private final Counter unreadable;

    StreamFeed(Subscribers subscribers, MeterRegistry registry) {
        this.subscribers = subscribers;
        this.unreadable = registry.counter("yuntu.gateway.events.dropped", "reason", "unreadable", "topic", "user-streams");
    }

    @Incoming("user-streams")
    public void onRecord(StreamRecord record) {
        if (record == null) {
            // Unreadable (the connector logged why) or a tombstone, which no gateway writes.
            unreadable.increment();
            LOG.warn("Skipped an unreadable record of farm.user-streams");
            return;
        }
        subscribers.deliver(record);
    }
}
