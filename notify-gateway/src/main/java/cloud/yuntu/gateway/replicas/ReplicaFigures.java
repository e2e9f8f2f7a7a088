package cloud.yuntu.gateway.replicas;

import cloud.yuntu.gateway.push.PushMeters;
import cloud.yuntu.gateway.push.Subscribers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Takes this replica's snapshot: its connections as they are now, its rates and totals. */
@ApplicationScoped
public class ReplicaFigures {

    private final Replica replica;
    private final Subscribers subscribers;
    private final PushMeters meters;
    private final PushRates rates;
    private final Clock clock = Clock.systemUTC();

    ReplicaFigures(Replica replica, Subscribers subscribers, PushMeters meters, PushRates rates) {
        this.replica = replica;
        this.subscribers = subscribers;
        this.meters = meters;
        this.rates = rates;
    }

    /** This replica's figures now; {@code publishedAt} is this replica's clock until the database stamps it. */
    public ReplicaSnapshot now() {
        var users = subscribers.online().stream()
                .map(user -> new ReplicaSnapshot.UserShare(user.userId(), user.connections().size(), user.oldestConnectedAt()))
                .toList();
        ClosedCounts closed = new ClosedCounts(meters.closedTotal(PushMeters.Closed.REPLACED),
                meters.closedTotal(PushMeters.Closed.SILENT), meters.closedTotal(PushMeters.Closed.TOO_SLOW),
                meters.closedTotal(PushMeters.Closed.TOO_BIG), meters.closedTotal(PushMeters.Closed.DISCONNECTED));
        Replica.View self = replica.view();
        return new ReplicaSnapshot(self.id(), self.host(), self.startedAt(), clock.instant(),
                users.stream().mapToInt(ReplicaSnapshot.UserShare::connections).sum(), users,
                FarmSnapshot.round(rates.recordsNumberedPerSecond()), FarmSnapshot.round(rates.messagesSentPerSecond()),
                (long) rates.recordsNumbered(), (long) rates.messagesSent(), meters.queueHighWater(), closed);
    }

    /** The window {@link ReplicaSnapshot}'s rates are over. */
    public static int rateWindowSeconds() {
        return (int) PushRates.WINDOW.toSeconds();
    }

    public Replica.View replica() {
        return replica.view();
    }
}
