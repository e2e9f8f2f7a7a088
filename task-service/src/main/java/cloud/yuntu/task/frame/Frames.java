package cloud.yuntu.task.frame;

import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.task.SqlTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The frame table. */
@ApplicationScoped
public class Frames {

    public static final String COLUMNS = """
            f.id, f.task_id, f.layer, f.number, f.status, f.attempt, f.agent_id, f.dispatched_at, f.started_at, f.finished_at,
            f.seconds, f.peak_memory_bytes, f.percent, f.outputs::text AS outputs, f.last_error""";

    private static final TypeReference<List<FrameOutput>> OUTPUTS = new TypeReference<>() {
    };

    /** One statement for any number of frames of one layer: a 100 000-frame layer is one round trip. */
    public Uni<Void> insertWaiting(SqlClient sql, UUID taskId, String layer, List<Integer> numbers) {
        return sql.preparedQuery("""
                        INSERT INTO task.frame (id, task_id, layer, number, status, attempt)
                        SELECT gen_random_uuid(), $1, $2, n, 'WAITING', 0 FROM unnest($3::int[]) AS n""")
                .execute(Tuple.of(taskId, layer, numbers.toArray(Integer[]::new)))
                .replaceWithVoid();
    }

    /**
     * One page of a task's frames, ordered by layer, then number (the order of the unique index
     * on task, layer, number, so a page deep into 100 000 frames is read from the index).
     *
     * @param status null for every status
     */
    public Uni<List<Frame>> page(SqlClient sql, UUID taskId, FrameStatus status, int limit, long offset) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.frame f WHERE f.task_id = $1 "
                        + "AND ($2::text IS NULL OR f.status = $2) ORDER BY f.layer, f.number LIMIT $3 OFFSET $4")
                .execute(Tuple.of(taskId, status == null ? null : status.name(), limit, offset))
                .map(rows -> {
                    List<Frame> frames = new ArrayList<>(rows.size());
                    rows.forEach(r -> frames.add(from(r)));
                    return frames;
                });
    }

    /** @param status null for every status */
    public Uni<Long> count(SqlClient sql, UUID taskId, FrameStatus status) {
        return sql.preparedQuery("SELECT count(*) AS n FROM task.frame f WHERE f.task_id = $1 "
                        + "AND ($2::text IS NULL OR f.status = $2)")
                .execute(Tuple.of(taskId, status == null ? null : status.name()))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Optional<Frame>> lock(SqlClient sql, UUID frameId) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.frame f WHERE f.id = $1 FOR UPDATE")
                .execute(Tuple.of(frameId))
                .map(rows -> rows.size() == 0 ? Optional.<Frame>empty() : Optional.of(from(rows.iterator().next())));
    }

    public Uni<Void> save(SqlClient sql, Frame f) {
        return sql.preparedQuery("""
                        UPDATE task.frame SET status = $2, attempt = $3, agent_id = $4, dispatched_at = $5,
                            started_at = $6, finished_at = $7, seconds = $8, peak_memory_bytes = $9, percent = $10,
                            outputs = $11::text::jsonb, last_error = $12
                        WHERE id = $1""")
                .execute(Tuple.from(new Object[] {f.id(), f.status().name(), f.attempt(), f.agentId(),
                        SqlTime.of(f.dispatchedAt()), SqlTime.of(f.startedAt()), SqlTime.of(f.finishedAt()),
                        f.seconds(), f.peakMemoryBytes(), f.percent(),
                        f.outputs().isEmpty() ? null : json(f.outputs()), f.lastError()}))
                .replaceWithVoid();
    }

    /** {@link #counts} of several tasks in one query; a task without frames is absent. */
    public Uni<java.util.Map<UUID, FrameCounts>> countsOf(SqlClient sql, List<UUID> taskIds) {
        return sql.preparedQuery("""
                        SELECT task_id, count(*) AS total,
                               count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
                               count(*) FILTER (WHERE status = 'DEAD') AS dead,
                               count(*) FILTER (WHERE status IN ('CANCELLED', 'SKIPPED')) AS cancelled,
                               count(*) FILTER (WHERE status IN ('DISPATCHED', 'RUNNING')) AS in_flight,
                               coalesce(sum(seconds) FILTER (WHERE status = 'SUCCEEDED'), 0) AS render_seconds
                        FROM task.frame WHERE task_id = ANY($1) GROUP BY task_id""")
                .execute(Tuple.of(taskIds.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Map<UUID, FrameCounts> counts = new java.util.HashMap<>();
                    rows.forEach(r -> counts.put(r.getUUID("task_id"), new FrameCounts(r.getInteger("total"),
                            r.getInteger("succeeded"), r.getInteger("dead"), r.getInteger("cancelled"),
                            r.getInteger("in_flight"), r.getDouble("render_seconds"))));
                    return counts;
                });
    }

    public Uni<FrameCounts> counts(SqlClient sql, UUID taskId) {
        return sql.preparedQuery("""
                        SELECT count(*) AS total,
                               count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
                               count(*) FILTER (WHERE status = 'DEAD') AS dead,
                               count(*) FILTER (WHERE status IN ('CANCELLED', 'SKIPPED')) AS cancelled,
                               count(*) FILTER (WHERE status IN ('DISPATCHED', 'RUNNING')) AS in_flight,
                               coalesce(sum(seconds) FILTER (WHERE status = 'SUCCEEDED'), 0) AS render_seconds
                        FROM task.frame WHERE task_id = $1""")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new FrameCounts(r.getInteger("total"), r.getInteger("succeeded"), r.getInteger("dead"),
                            r.getInteger("cancelled"), r.getInteger("in_flight"), r.getDouble("render_seconds"));
                });
    }

    /** Frame numbers and reasons of the frames that died, for the task's failure reason. */
    public Uni<List<Frame>> dead(SqlClient sql, UUID taskId) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.frame f WHERE f.task_id = $1 AND f.status = 'DEAD' "
                        + "ORDER BY f.layer, f.number")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    List<Frame> frames = new ArrayList<>();
                    rows.forEach(r -> frames.add(from(r)));
                    return frames;
                });
    }

    /** How many outputs the task's frames produced and their total size, summed in the database. */
    public Uni<OutputTotals> outputTotals(SqlClient sql, UUID taskId) {
        return sql.preparedQuery("""
                        SELECT count(o) AS files, coalesce(sum((o -> 'object' ->> 'size')::bigint), 0) AS bytes
                        FROM task.frame f, jsonb_array_elements(f.outputs) AS o
                        WHERE f.task_id = $1 AND f.outputs IS NOT NULL""")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    var row = rows.iterator().next();
                    return new OutputTotals(row.getLong("files"), row.getLong("bytes"));
                });
    }

    public record OutputTotals(long files, long bytes) {
    }

    /**
     * Cancels every frame that is not final yet.
     *
     * @return the frames that were released or rendering when cancelled, with the agent they were on
     */
    public Uni<List<Frame>> cancelOpen(SqlClient sql, UUID taskId) {
        return sql.preparedQuery("""
                        WITH open AS (
                            SELECT id, status FROM task.frame
                            WHERE task_id = $1 AND status IN ('WAITING', 'DISPATCHED', 'RUNNING', 'FAILED')
                            FOR UPDATE)
                        UPDATE task.frame f SET status = 'CANCELLED', finished_at = now()
                        FROM open WHERE f.id = open.id
                        RETURNING open.status AS was, """ + COLUMNS)
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    List<Frame> wasInFlight = new ArrayList<>();
                    rows.forEach(r -> {
                        String was = r.getString("was");
                        if (was.equals("DISPATCHED") || was.equals("RUNNING")) {
                            wasInFlight.add(from(r));
                        }
                    });
                    return wasInFlight;
                });
    }

    public static Frame from(Row r) {
        return new Frame(
                r.getUUID("id"),
                r.getUUID("task_id"),
                r.getString("layer"),
                r.getInteger("number"),
                FrameStatus.valueOf(r.getString("status")),
                r.getInteger("attempt"),
                r.getString("agent_id"),
                SqlTime.instant(r.getOffsetDateTime("dispatched_at")),
                SqlTime.instant(r.getOffsetDateTime("started_at")),
                SqlTime.instant(r.getOffsetDateTime("finished_at")),
                r.getDouble("seconds"),
                r.getLong("peak_memory_bytes"),
                r.getDouble("percent"),
                outputs(r.getString("outputs")),
                r.getString("last_error"));
    }

    private static List<FrameOutput> outputs(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return FarmJson.mapper().readValue(json, OUTPUTS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(List<FrameOutput> outputs) {
        try {
            return FarmJson.mapper().writeValueAsString(outputs);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
