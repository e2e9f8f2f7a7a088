package cloud.yuntu.task.outbox;

import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.PassLoop;
import cloud.yuntu.task.signal.SignalListener;
import cloud.yuntu.task.signal.Signals;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves outbox rows to Kafka in id order and deletes them once the broker acknowledged them,
 * in one transaction. A crash between the acknowledgement and the commit sends the rows again
 * (at least once): consumers drop the duplicates by event id. Replicas take turns through an
 * advisory lock, so a key's records keep their order. A pass runs as soon as a transaction that
 * wrote to the outbox commits ({@link Signals#OUTBOX}); a replica that finds another relaying waits
 * for it rather than skip, so rows committed during the other's pass are never left for a timer.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Advisory lock id of the relay, the same in every replica. */
    private static final long RELAY_LOCK = 0x7975_6e74_7501L;

    private final Pool pool;
    private final OutboxPublisher publisher;
    private final TaskConfig config;
    private PassLoop loop;

    public OutboxRelay(Pool pool, OutboxPublisher publisher, TaskConfig config) {
        this.pool = pool;
        this.publisher = publisher;
        this.config = config;
    }

    void start(@Observes StartupEvent started, Vertx vertx, SignalListener signals) {
        // A failed pass leaves its records in the outbox; the next pass sends them again.
        loop = new PassLoop(vertx, "Outbox relay", config.outbox().interval(), this::relayAll);
        signals.on(Signals.OUTBOX, loop::wake);
        loop.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Sends batches until the outbox is empty or a batch fails. */
    public Uni<Void> relayAll() {
        return pool.withTransaction(this::relayBatch)
                .chain(sent -> sent == config.outbox().batchSize() ? relayAll() : Uni.createFrom().voidItem());
    }

    private Uni<Integer> relayBatch(SqlConnection sql) {
        // Waits for another replica's pass rather than skip: rows that committed during it are sent next.
        return sql.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .chain(() -> sql.preparedQuery("SELECT id, topic, message_key, payload::text AS payload FROM task.outbox "
                                + "ORDER BY id LIMIT $1")
                        .execute(Tuple.of(config.outbox().batchSize())))
                .chain(rows -> {
                    List<OutboxRecord> batch = new ArrayList<>(rows.size());
                    rows.forEach(r -> batch.add(new OutboxRecord(r.getLong("id"), r.getString("topic"),
                            r.getString("message_key"), r.getString("payload"))));
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] ids = batch.stream().map(OutboxRecord::id).toArray(Long[]::new);
                    return publisher.send(batch, config.outbox().sendTimeout())
                            .chain(() -> sql.preparedQuery("DELETE FROM task.outbox WHERE id = ANY($1)").execute(Tuple.of(ids)))
                            .replaceWith(batch.size());
                });
    }
}
