package cloud.yuntu.deploy.kafka;

import java.time.Duration;

/**
 * The share-group limits of the broker.
 *
 * @param minRecordLock lower bound for a group's {@code share.record.lock.duration.ms}
 * @param defaultRecordLock lock of a group that sets none: how long a dead agent's job stays locked
 * @param maxRecordLock upper bound for a group's lock; renewals extend within it
 * @param deliveryCountLimit deliveries of one record before the broker archives it
 */
public record BrokerSettings(
        Duration minRecordLock, Duration defaultRecordLock, Duration maxRecordLock, int deliveryCountLimit,
        int defaultPartitions) {

    /** Kafka's own defaults, but a maximum lock of an hour so long frames can be renewed. */
    public static BrokerSettings production() {
        return new BrokerSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofHours(1), 5, 3);
    }

    /**
     * Short locks so tests see a dead consumer's records come back within seconds. Topics left to
     * auto-creation get several partitions, as in production, so a test notices when a topic that
     * must have one was created by accident.
     */
    public static BrokerSettings forTests() {
        return new BrokerSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofHours(1), 5, 3);
    }
}
