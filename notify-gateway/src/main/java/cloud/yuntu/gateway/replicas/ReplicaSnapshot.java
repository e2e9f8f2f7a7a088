package cloud.yuntu.gateway.replicas;

import java.time.Instant;
import java.util.List;

/**
 * What one gateway replica holds and did, as it publishes it for the others every
 * {@link ReplicasConfig#publishInterval()}: its connections by user, its rates over the last
 * minute, its totals since start and the connections it closed by why. Frame logs are not pushed
 * yet, so there is no log rate to publish.
 *
 * @param publishedAt when the database received it (the database's clock, the same for every
 *                    replica, so a replica's own clock never makes another look stale)
 * @param users the users connected to it, by user id
 * @param recordsNumberedPerSecond stream records this replica numbered (events in)
 * @param messagesSentPerSecond messages it wrote to its clients (events out)
 * @param sendQueueHighWater the most messages one of its connections' queues held at once
 */
public record ReplicaSnapshot(String id, String host, Instant startedAt, Instant publishedAt, int connections,
        List<UserShare> users, double recordsNumberedPerSecond, double messagesSentPerSecond, long recordsNumbered,
        long messagesSent, int sendQueueHighWater, ClosedCounts closed) {

    public ReplicaSnapshot {
        users = List.copyOf(users);
    }

    /** One user's connections on the replica. */
    public record UserShare(String userId, int connections, Instant oldestConnectedAt) {
    }

    /** The same figures, received by the database at {@code at}. */
    ReplicaSnapshot publishedAt(Instant at) {
        return new ReplicaSnapshot(id, host, startedAt, at, connections, users, recordsNumberedPerSecond,
                messagesSentPerSecond, recordsNumbered, messagesSent, sendQueueHighWater, closed);
    }
}
