package cloud.yuntu.gateway.replicas;

import cloud.yuntu.gateway.push.Subscribers;
import cloud.yuntu.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Closes a user's connections on every replica: an order on the database that the other replicas
 * carry out ({@link OrderRelay}), this replica's connections closed at once, then a bounded wait
 * for the others to report how many they closed.
 */
@ApplicationScoped
public class FarmDisconnect {

    private static final Logger LOG = Logger.getLogger(FarmDisconnect.class);
    /** How often the reports are read while waiting for them. */
    private static final Duration REPORTS_EVERY = Duration.ofMillis(100);
    /** A database that does not answer within this is down: the operator is told to try again. */
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);

    private final DisconnectOrders orders;
    private final FarmView farm;
    private final Subscribers subscribers;
    private final Replica replica;
    private final Duration wait;

    FarmDisconnect(DisconnectOrders orders, FarmView farm, Subscribers subscribers, Replica replica, ReplicasConfig config) {
        this.orders = orders;
        this.farm = farm;
        this.subscribers = subscribers;
        this.replica = replica;
        this.wait = config.disconnectWait();
    }

    /** What one replica closed. */
    public record Closed(String replicaId, String host, int closed) {
    }

    /** A live replica that had not reported when the answer was given; it closes the connections when it reads the order. */
    public record Pending(String replicaId, String host) {
    }

    /** @param closed the connections closed on the replicas that reported */
    public record Disconnection(String userId, int closed, List<Closed> replicas, List<Pending> pending) {
    }

    /**
     * Blocks (a worker thread) for at most {@link ReplicasConfig#disconnectWait()} after this
     * replica closed its connections.
     *
     * @throws ProblemException 503 when the order could not be placed (nothing was closed)
     */
    public Disconnection disconnect(String userId) {
        Replica.View self = replica.view();
        long order;
        try {
            order = orders.place(userId, self.id()).await().atMost(DATABASE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Placing the order to disconnect %s failed: %s", userId, e.toString());
            throw ProblemException.unavailable("the order could not be given to the replicas (database unavailable); nothing was closed, it may be retried");
        }
        int here = subscribers.disconnect(userId);
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put(self.id(), self.host());
        Map<String, Integer> reported = Map.of(self.id(), here);
        try {
            orders.report(order, self.id(), here).await().atMost(DATABASE_TIMEOUT);
            farm.others().await().atMost(DATABASE_TIMEOUT).forEach(other -> hosts.put(other.id(), other.host()));
            long deadline = System.nanoTime() + wait.toNanos();
            reported = orders.results(order).await().atMost(DATABASE_TIMEOUT);
            while (!reported.keySet().containsAll(hosts.keySet()) && System.nanoTime() < deadline) {
                Thread.sleep(REPORTS_EVERY.toMillis());
                reported = orders.results(order).await().atMost(DATABASE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The order is placed and this replica's connections are closed: the others still carry it out.
            LOG.warnf("Reading the reports on disconnecting %s failed: %s", userId, e.toString());
        }
        List<Closed> closed = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<String, String> known : hosts.entrySet()) {
            Integer count = reported.get(known.getKey());
            if (count == null) {
                pending.add(new Pending(known.getKey(), known.getValue()));
            } else {
                closed.add(new Closed(known.getKey(), known.getValue(), count));
            }
        }
        // A replica that reported but was not on the board (it just started, or went stale meanwhile) still closed them.
        reported.forEach((id, count) -> {
            if (!hosts.containsKey(id)) {
                closed.add(new Closed(id, null, count));
            }
        });
        int total = closed.stream().mapToInt(Closed::closed).sum();
        LOG.infof("Disconnected %s: %d connection(s) closed on %d replica(s), %d replica(s) not reported yet", userId, total,
                closed.size(), pending.size());
        return new Disconnection(userId, total, List.copyOf(closed), List.copyOf(pending));
    }
}
