package cloud.yuntu.task.inbox;

import cloud.yuntu.task.TaskConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Ids of the events already applied. Remembering an id in the transaction that applies the
 * event makes a redelivery (consumer restart, rebalance, producer retry) change nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final Pool pool;
    private final TaskConfig config;

    public ProcessedEvents(Pool pool, TaskConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** @return false when the event was applied before and must be skipped */
    public Uni<Boolean> remember(SqlClient sql, UUID eventId, String type) {
        return sql.preparedQuery("INSERT INTO task.processed_event (event_id, event_type, processed_at) "
                        + "VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.of(eventId, type, OffsetDateTime.now()))
                .map(result -> result.rowCount() == 1);
    }

    /**
     * {@link #remember} for several events in one statement; an id twice among them is remembered once.
     *
     * @return the ids remembered now: the others were applied before and must be skipped
     */
    public Uni<Set<UUID>> rememberAll(SqlClient sql, List<UUID> eventIds, List<String> types) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return sql.preparedQuery("""
                        INSERT INTO task.processed_event (event_id, event_type, processed_at)
                        SELECT id, type, now() FROM unnest($1::uuid[], $2::text[]) AS x(id, type)
                        ON CONFLICT (event_id) DO NOTHING RETURNING event_id""")
                .execute(Tuple.of(eventIds.toArray(UUID[]::new), types.toArray(String[]::new)))
                .map(rows -> {
                    Set<UUID> remembered = new HashSet<>();
                    rows.forEach(r -> remembered.add(r.getUUID("event_id")));
                    return remembered;
                });
    }

    /**
     * A duplicate arrives when a consumer re-reads what it applied but had not committed yet (a
     * restart, a rebalance): within {@code yuntu.task.inbox.retention} of the first delivery. A replay
     * older than that is still harmless, stopped by the state it would change (a frame's attempt and
     * status, a task's status); the id only spares the work.
     */
    @Scheduled(every = "1m", delayed = "1m")
    Uni<Void> forgetOld() {
        return pool.preparedQuery("DELETE FROM task.processed_event WHERE processed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.inbox().retention().toSeconds())).replaceWithVoid();
    }
}
