package cloud.yuntu.deploy.kafka;

import java.time.Duration;

/**
 * The share-group limits of the broker.
 *
 * @param minRecordLock lower bound for a group's {@code share.record.lock.duration.ms}
 * @param defaultRecordLock lock of a group that sets none: how long a dead agent's job stays locked
 * @param maxRecordLock upper bound for a group's lock; renewals extend within it
 * @param deliveryCountLimit deliveries of one record before the broker archives it
 * @param maxShareGroupMembers {@code group.share.max.size}: every agent of a lane is a member of the lane's one
 *        share group, so this is the most agents one lane can have. Kafka's default is 200; 1,000 is the most
 *        Kafka 4.2 allows
 */
public record BrokerSettings(
        Duration minRecordLock, Duration defaultRecordLock, Duration maxRecordLock, int deliveryCountLimit,
        int defaultPartitions, int maxShareGroupMembers) {

    /** The most members Kafka 4.2 lets a share group have (its {@code group.share.max.size} is 1..1000). */
    public static final int KAFKA_MAX_SHARE_GROUP_MEMBERS = 1000;

    /**
     * Kafka's own defaults, but a maximum lock of an hour so long frames can be renewed, and share groups of up to
     * 1,000 members so a lane can have a thousand agents (Kafka's default would stop it at 200).
     */
    public static BrokerSettings production() {
        return new BrokerSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofHours(1), 5, 3,
                KAFKA_MAX_SHARE_GROUP_MEMBERS);
    }

    /**
     * Short locks so tests see a dead consumer's records come back within seconds. Topics left to
     * auto-creation get several partitions, as in production, so a test notices when a topic that
     * must have one was created by accident.
     */
    public static BrokerSettings forTests() {
        return new BrokerSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofHours(1), 5, 3,
                KAFKA_MAX_SHARE_GROUP_MEMBERS);
    }
}
