package cloud.yuntu.gateway.admin;

import cloud.yuntu.gateway.push.Subscribers;
import cloud.yuntu.gateway.replicas.ClosedCounts;
import cloud.yuntu.gateway.replicas.FarmSnapshot;
import cloud.yuntu.gateway.replicas.Replica;
import cloud.yuntu.gateway.replicas.ReplicaFigures;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The farm's push figures as operators read them, the same over REST ({@code GET
 * /api/admin/push/stats} and {@code /users}) and in {@code /ws/admin}'s {@code monitor} messages.
 */
@ApplicationScoped
class FarmAnswers {

    private final ReplicaFigures figures;
    private final Subscribers subscribers;

    FarmAnswers(ReplicaFigures figures, Subscribers subscribers) {
        this.figures = figures;
        this.subscribers = subscribers;
    }

    /**
     * The farm's figures: sums over the live replicas (users counted once), and each replica's.
     *
     * @param answeredBy the replica that answered (its own figures are the freshest)
     * @param connectionLimitPerUser this replica's setting; every replica enforces its own
     */
    public record Stats(Replica.View answeredBy, int connections, int users, int maxConnectionsPerUser,
            int connectionLimitPerUser, double messagesSentPerSecond, double recordsNumberedPerSecond, int rateWindowSeconds,
            long messagesSent, long recordsNumbered, int sendQueueHighWater, int sendQueueLimit, ClosedCounts closed,
            List<FarmSnapshot.ReplicaLine> replicas) {
    }

    public record Online(Replica.View answeredBy, List<FarmSnapshot.OnlineUser> users) {
    }

    Stats stats(FarmSnapshot farm) {
        return new Stats(figures.replica(), farm.connections(), farm.users(), farm.maxConnectionsPerUser(),
                subscribers.connectionsPerUser(), farm.messagesSentPerSecond(), farm.recordsNumberedPerSecond(),
                ReplicaFigures.rateWindowSeconds(), farm.messagesSent(), farm.recordsNumbered(), farm.sendQueueHighWater(),
                subscribers.sendQueueLimit(), farm.closed(), farm.replicas());
    }

    Online online(FarmSnapshot farm) {
        return new Online(figures.replica(), farm.online());
    }
}
