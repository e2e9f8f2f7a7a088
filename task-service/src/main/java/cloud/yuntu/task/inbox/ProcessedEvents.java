package cloud.yuntu.task.inbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Ids of the events already applied. Remembering an id in the transaction that applies the
 * event makes a redelivery (consumer restart, rebalance, producer retry) change nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final Pool pool;

    public ProcessedEvents(Pool pool) {
        this.pool = pool;
    }

    /** @return false when the event was applied before and must be skipped */
    public Uni<Boolean> remember(SqlClient sql, UUID eventId, String type) {
        return sql.preparedQuery("INSERT INTO task.processed_event (event_id, event_type, processed_at) "
                        + "VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.of(eventId, type, OffsetDateTime.now()))
                .map(result -> result.rowCount() == 1);
    }

    /** Ids older than the topics' retention (7 days by default) can never be redelivered. */
    @Scheduled(every = "1h", delayed = "1m")
    Uni<Void> forgetOld() {
        return pool.preparedQuery("DELETE FROM task.processed_event WHERE processed_at < now() - interval '8 days'")
                .execute().replaceWithVoid();
    }
}
