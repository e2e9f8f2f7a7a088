package cloud.yuntu.file.result;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Whose task is whose (table {@code file.task_owner}), as task-service announced it on
 * {@code farm.task-events}. A task never changes owner, so the first record stands and every
 * later event of the task (redelivered or not) changes nothing. Whether the task has ended is kept
 * beside (column {@code ended_at}), for the deletion of its results and its owner's scenes.
 */
@ApplicationScoped
public class TaskOwners {

    /** Recent tasks whose owner is stored: their later events (one a frame, as tasks progress) need no write. */
    private final Set<UUID> stored = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 10_000;
        }
    }));
    private final Pool pool;

    TaskOwners(Pool pool) {
        this.pool = pool;
    }

    /** @return whether this was the first record of the task */
    public Uni<Boolean> record(UUID taskId, String userId) {
        if (stored.contains(taskId)) {
            // Rows are never deleted and the first owner stands: nothing to write.
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("""
                        INSERT INTO file.task_owner (task_id, user_id, recorded_at) VALUES ($1, $2, now())
                        ON CONFLICT (task_id) DO NOTHING""")
                .execute(Tuple.of(taskId, userId))
                .invoke(() -> stored.add(taskId))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records whether the task has ended, as its latest event telling it says (see {@link TaskLifecycle});
     * the time of the first end is kept while the task stays ended. A task without an owner row (its
     * events named no usable owner) stays unknown.
     */
    public Uni<Void> recordEnded(UUID taskId, boolean ended) {
        return pool.preparedQuery("""
                        UPDATE file.task_owner SET ended_at = CASE WHEN $2 THEN COALESCE(ended_at, now()) END
                        WHERE task_id = $1""")
                .execute(Tuple.of(taskId, ended))
                .replaceWithVoid();
    }

    /** @return whether the task has ended; empty when file-service has not heard of the task */
    public Uni<Optional<Boolean>> ended(SqlClient client, UUID taskId) {
        return client.preparedQuery("SELECT ended_at IS NOT NULL AS ended FROM file.task_owner WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getBoolean("ended")));
    }

    /** Whether any task of {@code userId} file-service knows of has not ended. */
    public Uni<Boolean> hasOpenTask(SqlClient client, String userId) {
        return client.preparedQuery("""
                        SELECT EXISTS (SELECT 1 FROM file.task_owner WHERE user_id = $1 AND ended_at IS NULL) AS open""")
                .execute(Tuple.of(userId))
                .map(rows -> rows.iterator().next().getBoolean("open"));
    }

    public Uni<Optional<String>> ownerOf(UUID taskId) {
        return pool.preparedQuery("SELECT user_id FROM file.task_owner WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("user_id")));
    }
}
