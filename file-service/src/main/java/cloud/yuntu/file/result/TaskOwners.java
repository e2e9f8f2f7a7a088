package cloud.yuntu.file.result;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Whose task is whose (table {@code file.task_owner}), as task-service announced it on
 * {@code farm.task-events}. A task never changes owner, so the first record stands and every
 * later event of the task (redelivered or not) changes nothing.
 */
@ApplicationScoped
public class TaskOwners {

    private final Pool pool;

    TaskOwners(Pool pool) {
        this.pool = pool;
    }

    /** @return whether this was the first record of the task */
    public Uni<Boolean> record(UUID taskId, String userId) {
        return pool.preparedQuery("""
                        INSERT INTO file.task_owner (task_id, user_id, recorded_at) VALUES ($1, $2, now())
                        ON CONFLICT (task_id) DO NOTHING""")
                .execute(Tuple.of(taskId, userId))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<String>> ownerOf(UUID taskId) {
        return pool.preparedQuery("SELECT user_id FROM file.task_owner WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("user_id")));
    }
}
