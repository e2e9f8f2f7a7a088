package cloud.yuntu.gateway.replicas;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole farm's push as operators see it: the live replicas' snapshots added up. A user whose
 * connections are on two replicas is one user with the connections of both; rates and totals are
 * sums (each replica numbers a part of the farm's events and writes to its own clients), the send
 * queue high water is the deepest of any replica.
 *
 * @param replicas each live replica, oldest first
 * @param online every user connected anywhere, once, by user id, with their connections per replica
 */
public record FarmSnapshot(int connections, int users, int maxConnectionsPerUser, double recordsNumberedPerSecond,
        double messagesSentPerSecond, long recordsNumbered, long messagesSent, int sendQueueHighWater, ClosedCounts closed,
        List<ReplicaLine> replicas, List<OnlineUser> online) {

    /** One replica's figures; {@code users} is how many users it holds connections of. */
    public record ReplicaLine(String id, String host, Instant startedAt, Instant publishedAt, int connections, int users,
            int maxConnectionsPerUser, double recordsNumberedPerSecond, double messagesSentPerSecond, long recordsNumbered,
            long messagesSent, int sendQueueHighWater, ClosedCounts closed) {
    }

    /** A user connected to the farm: all their connections, the oldest of them, and where they are. */
    public record OnlineUser(String userId, int connectionCount, Instant oldestConnectedAt, List<Share> replicas) {
    }

    /** A user's connections on one replica. */
    public record Share(String replicaId, String host, int connectionCount, Instant oldestConnectedAt) {
    }

    /**
     * The farm as one replica sees it: its own snapshot, taken now, instead of the one it published
     * last (so a connection it just opened or closed counts at once), and every other replica's
     * published snapshot that is not stale.
     *
     * @param now the database's time, which the published snapshots' times are in
     */
    public static FarmSnapshot of(ReplicaSnapshot local, Collection<ReplicaSnapshot> published, Instant now,
            Duration staleAfter) {
        List<ReplicaSnapshot> live = new ArrayList<>();
        live.add(local);
        published.stream()
                .filter(snapshot -> !snapshot.id().equals(local.id()))
                .filter(snapshot -> ReplicaLiveness.live(snapshot, now, staleAfter))
                .forEach(live::add);
        return of(live);
    }

    /** The sum of the snapshots, each standing for a different live replica. */
    static FarmSnapshot of(List<ReplicaSnapshot> live) {
        List<ReplicaSnapshot> ordered = live.stream()
                .sorted(Comparator.comparing(ReplicaSnapshot::startedAt).thenComparing(ReplicaSnapshot::id))
                .toList();
        Map<String, List<Share>> sharesByUser = new TreeMap<>();
        int connections = 0;
        double numberedPerSecond = 0;
        double sentPerSecond = 0;
        long numbered = 0;
        long sent = 0;
        int highWater = 0;
        ClosedCounts closed = ClosedCounts.NONE;
        List<ReplicaLine> lines = new ArrayList<>();
        for (ReplicaSnapshot replica : ordered) {
            connections += replica.connections();
            numberedPerSecond += replica.recordsNumberedPerSecond();
            sentPerSecond += replica.messagesSentPerSecond();
            numbered += replica.recordsNumbered();
            sent += replica.messagesSent();
            highWater = Math.max(highWater, replica.sendQueueHighWater());
            closed = closed.plus(replica.closed());
            for (ReplicaSnapshot.UserShare user : replica.users()) {
                sharesByUser.computeIfAbsent(user.userId(), ignored -> new ArrayList<>())
                        .add(new Share(replica.id(), replica.host(), user.connections(), user.oldestConnectedAt()));
            }
            lines.add(new ReplicaLine(replica.id(), replica.host(), replica.startedAt(), replica.publishedAt(),
                    replica.connections(), replica.users().size(),
                    replica.users().stream().mapToInt(ReplicaSnapshot.UserShare::connections).max().orElse(0),
                    replica.recordsNumberedPerSecond(), replica.messagesSentPerSecond(), replica.recordsNumbered(),
                    replica.messagesSent(), replica.sendQueueHighWater(), replica.closed()));
        }
        List<OnlineUser> online = new ArrayList<>();
        sharesByUser.forEach((userId, shares) -> online.add(new OnlineUser(userId,
                shares.stream().mapToInt(Share::connectionCount).sum(),
                shares.stream().map(Share::oldestConnectedAt).min(Comparator.naturalOrder()).orElseThrow(),
                List.copyOf(shares))));
        int most = online.stream().mapToInt(OnlineUser::connectionCount).max().orElse(0);
        return new FarmSnapshot(connections, online.size(), most, round(numberedPerSecond), round(sentPerSecond), numbered,
                sent, highWater, closed, List.copyOf(lines), List.copyOf(online));
    }

    /** Three decimals are plenty for a rate an operator reads. */
    static double round(double perSecond) {
        return Math.round(perSecond * 1000) / 1000.0;
    }
}
