package cloud.yuntu.gateway.push;

import cloud.yuntu.gateway.stream.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Hands the numbered records of {@code farm.user-streams} to this replica's connections. Each
 * replica reads the topic in a consumer group of its own (see application.properties), because a
 * user's connections may be on any replica; a record that reaches a connection twice, or late, is
 * recognised by its seq.
 */
@ApplicationScoped
public class StreamFeed {

    private final Subscribers subscribers;

    StreamFeed(Subscribers subscribers) {
        this.subscribers = subscribers;
    }

    @Incoming("user-streams")
    public void onRecord(StreamRecord record) {
        if (record != null) {
            subscribers.deliver(record);
        }
    }
}
