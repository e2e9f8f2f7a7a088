package cloud.yuntu.task.task;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.SqlTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The task table. */
@ApplicationScoped
public class Tasks {

    public static final String COLUMNS = """
            t.id, t.user_id, t.status, t.paused_from, t.scene_key, t.scene_size, t.scene_sha256, t.scene_xxh64,
            t.scene_md5, t.frames_spec, t.frames_total, t.renderer, t.tier, t.pool, t.price_per_core_hour,
            t.currency, t.camera, t.layer, t.resolution_width, t.resolution_height, t.image_format, t.output_prefix,
            t.result_key_prefix, t.priority, t.max_attempts, t.percent, t.failure_reason, t.created_at,
            t.started_at, t.completed_at""";

    private static final String[] FINAL_STATUSES = Arrays.stream(TaskStatus.values()).filter(TaskStatus::isFinal)
            .map(Enum::name).toArray(String[]::new);

    public Uni<Void> insert(SqlClient sql, Task t) {
        Object[] values = {
                t.id(), t.userId(), t.status().name(), t.scene().key(), t.scene().size(), t.scene().sha256(),
                t.scene().xxh64(), t.scene().md5(), t.framesSpec(), t.framesTotal(), t.renderer(), t.tier(), t.pool(),
                t.pricePerCoreHour(), t.currency(), t.camera(), t.layer(),
                t.resolution() == null ? null : t.resolution().width(),
                t.resolution() == null ? null : t.resolution().height(),
                t.imageFormat(), t.outputPrefix(), t.resultKeyPrefix(), t.priority(), t.maxAttempts(),
                SqlTime.of(t.createdAt())};
        return sql.preparedQuery("""
                        INSERT INTO task.task (id, user_id, status, scene_key, scene_size, scene_sha256, scene_xxh64,
                            scene_md5, frames_spec, frames_total, renderer, tier, pool, price_per_core_hour, currency,
                            camera, layer, resolution_width, resolution_height, image_format, output_prefix,
                            result_key_prefix, priority, max_attempts, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                            $20, $21, $22, $23, $24, $25)""")
                .execute(Tuple.from(values)).replaceWithVoid();
    }

    /** Tasks of a user that are not final: what the active-task quota counts. */
    public Uni<Long> activeOfUser(SqlClient sql, String userId) {
        return sql.preparedQuery("SELECT count(*) AS active FROM task.task WHERE user_id = $1 AND status <> ALL($2)")
                .execute(Tuple.of(userId, FINAL_STATUSES))
                .map(rows -> rows.iterator().next().getLong("active"));
    }

    public Uni<Optional<Task>> find(SqlClient sql, UUID id) {
        return one(sql, "SELECT " + COLUMNS + " FROM task.task t WHERE t.id = $1", id);
    }

    /**
     * Locks the task row for the rest of the transaction. Everything that changes a task's frames
     * takes this lock first, so frame events, user commands and recovery of one task never interleave.
     */
    public Uni<Optional<Task>> lock(SqlClient sql, UUID id) {
        return one(sql, "SELECT " + COLUMNS + " FROM task.task t WHERE t.id = $1 FOR UPDATE", id);
    }

    public Uni<List<Task>> ofUser(SqlClient sql, String userId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.task t WHERE t.user_id = $1 "
                        + "ORDER BY t.created_at DESC, t.id LIMIT $2")
                .execute(Tuple.of(userId, limit))
                .map(Tasks::all);
    }

    /** Everybody's newest tasks, for operators. */
    public Uni<List<Task>> newest(SqlClient sql, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.task t ORDER BY t.created_at DESC, t.id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(Tasks::all);
    }

    public Uni<Void> updateStatus(SqlClient sql, Task moved) {
        return sql.preparedQuery("""
                        UPDATE task.task SET status = $2, paused_from = $3, failure_reason = $4, started_at = $5,
                            completed_at = $6
                        WHERE id = $1""")
                .execute(Tuple.from(new Object[] {moved.id(), moved.status().name(),
                        moved.pausedFrom() == null ? null : moved.pausedFrom().name(), moved.failureReason(),
                        SqlTime.of(moved.startedAt()), SqlTime.of(moved.completedAt())}))
                .replaceWithVoid();
    }

    public Uni<Void> updatePercent(SqlClient sql, UUID id, double percent) {
        return sql.preparedQuery("UPDATE task.task SET percent = $2 WHERE id = $1")
                .execute(Tuple.of(id, percent)).replaceWithVoid();
    }

    private static Uni<Optional<Task>> one(SqlClient sql, String query, UUID id) {
        return sql.preparedQuery(query).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.<Task>empty() : Optional.of(from(rows.iterator().next())));
    }

    private static List<Task> all(RowSet<Row> rows) {
        List<Task> tasks = new ArrayList<>(rows.size());
        rows.forEach(r -> tasks.add(from(r)));
        return tasks;
    }

    public static Task from(Row r) {
        Integer width = r.getInteger("resolution_width");
        Integer height = r.getInteger("resolution_height");
        String pausedFrom = r.getString("paused_from");
        return new Task(
                r.getUUID("id"),
                r.getString("user_id"),
                TaskStatus.valueOf(r.getString("status")),
                pausedFrom == null ? null : TaskStatus.valueOf(pausedFrom),
                new StoredObject(r.getString("scene_key"), r.getLong("scene_size"), r.getString("scene_sha256"),
                        r.getString("scene_xxh64"), r.getString("scene_md5")),
                r.getString("frames_spec"),
                r.getInteger("frames_total"),
                r.getString("renderer"),
                r.getString("tier"),
                r.getString("pool"),
                r.getBigDecimal("price_per_core_hour"),
                r.getString("currency").strip(),
                r.getString("camera"),
                r.getString("layer"),
                width == null || height == null ? null : new Resolution(width, height),
                r.getString("image_format"),
                r.getString("output_prefix"),
                r.getString("result_key_prefix"),
                r.getInteger("priority"),
                r.getInteger("max_attempts"),
                r.getDouble("percent"),
                r.getString("failure_reason"),
                SqlTime.instant(r.getOffsetDateTime("created_at")),
                SqlTime.instant(r.getOffsetDateTime("started_at")),
                SqlTime.instant(r.getOffsetDateTime("completed_at")));
    }
}
