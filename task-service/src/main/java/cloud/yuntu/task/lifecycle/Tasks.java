package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.SqlTime;
import cloud.yuntu.task.cost.Estimate;
import cloud.yuntu.task.tier.ChosenTier;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The task table; the only writer of {@code task.task}. */
@ApplicationScoped
public class Tasks {

    public static final String COLUMNS = """
            t.id, t.user_id, t.status, t.paused_from, t.scene_key, t.scene_size, t.scene_sha256, t.scene_xxh64,
            t.scene_md5, t.requested::text AS requested, t.frames_total, t.tier, t.pool, t.price_per_hour, t.currency,
            t.missing_dependencies::text AS missing_dependencies, t.result_key_prefix, t.priority, t.max_attempts,
            t.percent, t.failure_reason, t.created_at, t.started_at, t.completed_at, t.test_frames, t.stop_after_test,
            t.approve_after_test, t.budget, t.chunk_size, t.estimate_cost, t.estimate_seconds, t.pause_cause""";

    private static final String[] FINAL_STATUSES = Arrays.stream(TaskStatus.values()).filter(TaskStatus::isFinal)
            .map(Enum::name).toArray(String[]::new);

    private static final TypeReference<List<MissingDependency>> MISSING = new TypeReference<>() {
    };

    public Uni<Void> insert(SqlClient sql, Task t) {
        Object[] values = {
                t.id(), t.userId(), t.status().name(), t.scene().key(), t.scene().size(), t.scene().sha256(),
                t.scene().xxh64(), t.scene().md5(), json(t.requested()), t.framesTotal(), t.tier(), t.pool(),
                t.pricePerHour(), t.currency(), json(t.missingDependencies()), t.resultKeyPrefix(), t.priority(),
                t.maxAttempts(), SqlTime.of(t.createdAt()), t.policy().testFrames(), t.policy().stopAfterTest(),
                t.policy().approveAfterTest(), t.policy().budget(), t.policy().chunkSize()};
        return sql.preparedQuery("""
                        INSERT INTO task.task (id, user_id, status, scene_key, scene_size, scene_sha256, scene_xxh64,
                            scene_md5, requested, frames_total, tier, pool, price_per_hour, currency, missing_dependencies,
                            result_key_prefix, priority, max_attempts, created_at, test_frames, stop_after_test,
                            approve_after_test, budget, chunk_size)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $12, $13, $14, $15::text::jsonb,
                            $16, $17, $18, $19, $20, $21, $22, $23, $24)""")
                .execute(Tuple.from(values)).replaceWithVoid();
    }

    /** What the analysis' answer decided: frames counted, tier chosen (null: none), dependencies missing. */
    public Uni<Void> updateAnalysed(SqlClient sql, Task t) {
        return sql.preparedQuery("""
                        UPDATE task.task SET frames_total = $2, tier = $3, pool = $4, price_per_hour = $5, currency = $6,
                            missing_dependencies = $7::text::jsonb
                        WHERE id = $1""")
                .execute(Tuple.from(new Object[] {t.id(), t.framesTotal(), t.tier(), t.pool(), t.pricePerHour(),
                        t.currency(), json(t.missingDependencies())}))
                .replaceWithVoid();
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

    /** Locks several tasks in one statement, in id order (see {@link #lock}); a task that does not exist is absent. */
    public Uni<java.util.Map<UUID, Task>> lockAll(SqlClient sql, List<UUID> ids) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.task t WHERE t.id = ANY ($1) ORDER BY t.id FOR UPDATE")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Map<UUID, Task> locked = new java.util.HashMap<>();
                    all(rows).forEach(t -> locked.put(t.id(), t));
                    return locked;
                });
    }

    /**
     * One page of tasks, newest first.
     *
     * @param userId the owner, null for everybody's
     * @param status null for every status
     */
    public Uni<List<Task>> page(SqlClient sql, String userId, TaskStatus status, int limit, long offset) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.task t WHERE ($1::text IS NULL OR t.user_id = $1) "
                        + "AND ($2::text IS NULL OR t.status = $2) ORDER BY t.created_at DESC, t.id LIMIT $3 OFFSET $4")
                .execute(Tuple.of(userId, status == null ? null : status.name(), limit, offset))
                .map(Tasks::all);
    }

    public Uni<Long> count(SqlClient sql, String userId, TaskStatus status) {
        return sql.preparedQuery("SELECT count(*) AS n FROM task.task t WHERE ($1::text IS NULL OR t.user_id = $1) "
                        + "AND ($2::text IS NULL OR t.status = $2)")
                .execute(Tuple.of(userId, status == null ? null : status.name()))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Void> updateStatus(SqlClient sql, Task moved) {
        return sql.preparedQuery("""
                        UPDATE task.task SET status = $2, paused_from = $3, failure_reason = $4, started_at = $5,
                            completed_at = $6, pause_cause = $7
                        WHERE id = $1""")
                .execute(Tuple.from(new Object[] {moved.id(), moved.status().name(),
                        moved.pausedFrom() == null ? null : moved.pausedFrom().name(), moved.failureReason(),
                        SqlTime.of(moved.startedAt()), SqlTime.of(moved.completedAt()),
                        moved.pauseCause() == null ? null : moved.pauseCause().name()}))
                .replaceWithVoid();
    }

    public Uni<Void> updateEstimate(SqlClient sql, UUID id, Estimate estimate) {
        return sql.preparedQuery("UPDATE task.task SET estimate_cost = $2, estimate_seconds = $3 WHERE id = $1")
                .execute(Tuple.of(id, estimate.cost(), estimate.seconds())).replaceWithVoid();
    }

    public Uni<Void> updateBudget(SqlClient sql, UUID id, BigDecimal budget) {
        return sql.preparedQuery("UPDATE task.task SET budget = $2 WHERE id = $1")
                .execute(Tuple.of(id, budget)).replaceWithVoid();
    }

    public Uni<Void> updatePercent(SqlClient sql, UUID id, double percent) {
        return sql.preparedQuery("UPDATE task.task SET percent = $2 WHERE id = $1")
                .execute(Tuple.of(id, percent)).replaceWithVoid();
    }

    public Uni<Void> updatePriority(SqlClient sql, UUID id, int priority) {
        return sql.preparedQuery("UPDATE task.task SET priority = $2 WHERE id = $1")
                .execute(Tuple.of(id, priority)).replaceWithVoid();
    }

    /** Deletes the task; its layers and frames go with it (foreign keys ON DELETE CASCADE). */
    public Uni<Void> delete(SqlClient sql, UUID id) {
        return sql.preparedQuery("DELETE FROM task.task WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
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

    /** A task from a row that holds {@link #COLUMNS}. */
    public static Task from(Row r) {
        String pausedFrom = r.getString("paused_from");
        String currency = r.getString("currency");
        BigDecimal estimateCost = r.getBigDecimal("estimate_cost");
        String pauseCause = r.getString("pause_cause");
        return new Task(
                r.getUUID("id"),
                r.getString("user_id"),
                TaskStatus.valueOf(r.getString("status")),
                pausedFrom == null ? null : TaskStatus.valueOf(pausedFrom),
                new StoredObject(r.getString("scene_key"), r.getLong("scene_size"), r.getString("scene_sha256"),
                        r.getString("scene_xxh64"), r.getString("scene_md5")),
                read(r.getString("requested"), TaskOverrides.class, TaskOverrides.NONE),
                r.getInteger("frames_total"),
                r.getString("tier"),
                r.getString("pool"),
                r.getBigDecimal("price_per_hour"),
                currency == null ? null : currency.strip(),
                read(r.getString("missing_dependencies"), MISSING, List.of()),
                r.getString("result_key_prefix"),
                r.getInteger("priority"),
                r.getInteger("max_attempts"),
                r.getDouble("percent"),
                r.getString("failure_reason"),
                SqlTime.instant(r.getOffsetDateTime("created_at")),
                SqlTime.instant(r.getOffsetDateTime("started_at")),
                SqlTime.instant(r.getOffsetDateTime("completed_at")),
                new RunPolicy(r.getString("test_frames"), r.getBoolean("stop_after_test"), r.getBoolean("approve_after_test"),
                        r.getBigDecimal("budget"), r.getInteger("chunk_size")),
                estimateCost == null ? null : new Estimate(estimateCost, currency == null ? null : currency.strip(),
                        r.getLong("estimate_seconds")),
                pauseCause == null ? null : PauseCause.valueOf(pauseCause));
    }

    private static String json(Object value) {
        try {
            return FarmJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type, T absent) {
        try {
            return json == null ? absent : FarmJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type, T absent) {
        try {
            return json == null ? absent : FarmJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
