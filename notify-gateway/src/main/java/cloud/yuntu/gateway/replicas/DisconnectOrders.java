package cloud.yuntu.gateway.replicas;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators' orders to close a user's connections on every replica, and what each replica did
 * about them: the only writer of {@code gateway.disconnect_order} and
 * {@code gateway.disconnect_result}. The replica an operator asked places the order; every other
 * replica reads the orders it has not answered yet ({@link OrderRelay}) and reports how many
 * connections it closed.
 */
@ApplicationScoped
public class DisconnectOrders {

    private final Pool pool;

    DisconnectOrders(Pool pool) {
        this.pool = pool;
    }

    /** An order a replica has to carry out. */
    public record Order(long id, String userId) {
    }

    /** The database's time: orders placed before a replica started are not that replica's to carry out. */
    public Uni<Instant> now() {
        return pool.query("SELECT now() AS now").execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("now").toInstant());
    }

    /** @return the new order's id */
    public Uni<Long> place(String userId, String byReplica) {
        return pool.preparedQuery("""
                        INSERT INTO gateway.disconnect_order (user_id, ordered_by, ordered_at) VALUES ($1, $2, now())
                        RETURNING id""")
                .execute(Tuple.of(userId, byReplica))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** The replica closed {@code closed} connections for the order; a second report of the same replica is ignored. */
    public Uni<Void> report(long order, String replicaId, int closed) {
        return pool.preparedQuery("""
                        INSERT INTO gateway.disconnect_result (order_id, replica_id, closed) VALUES ($1, $2, $3)
                        ON CONFLICT (order_id, replica_id) DO NOTHING""")
                .execute(Tuple.of(order, replicaId, closed))
                .replaceWithVoid();
    }

    /** The orders other replicas placed since {@code since} that this one has not reported on, oldest first. */
    public Uni<List<Order>> unanswered(String replicaId, Instant since) {
        return pool.preparedQuery("""
                        SELECT o.id, o.user_id FROM gateway.disconnect_order o
                        WHERE o.ordered_at >= $2 AND o.ordered_by <> $1 AND NOT EXISTS (
                            SELECT 1 FROM gateway.disconnect_result r WHERE r.order_id = o.id AND r.replica_id = $1)
                        ORDER BY o.id""")
                .execute(Tuple.of(replicaId, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(rows -> {
                    List<Order> orders = new ArrayList<>();
                    for (Row row : rows) {
                        orders.add(new Order(row.getLong("id"), row.getString("user_id")));
                    }
                    return orders;
                });
    }

    /** How many connections each replica that reported on the order closed, by replica id. */
    public Uni<Map<String, Integer>> results(long order) {
        return pool.preparedQuery("SELECT replica_id, closed FROM gateway.disconnect_result WHERE order_id = $1")
                .execute(Tuple.of(order))
                .map(rows -> {
                    Map<String, Integer> closed = new HashMap<>();
                    rows.forEach(row -> closed.put(row.getString("replica_id"), row.getInteger("closed")));
                    return closed;
                });
    }

    /**
     * Removes the orders (and their results) older than {@code olderThan}: by then every live
     * replica has carried them out, and one that comes back later must not close connections
     * opened since.
     *
     * @return how many orders were removed
     */
    public Uni<Integer> forgetOlderThan(Duration olderThan) {
        return pool.preparedQuery("DELETE FROM gateway.disconnect_order WHERE ordered_at < now() - $1::bigint * interval '1 millisecond'")
                .execute(Tuple.of(olderThan.toMillis()))
                .map(rows -> rows.rowCount());
    }
}
