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
import java.util.Set;
import java.util.UUID;

/** The frame table. */
@ApplicationScoped
public class Frames {

    public static final String COLUMNS = """
            f.id, f.task_id, f.layer, f.number, f.status, f.attempt, f.failures, f.test, f.chunk_start, f.agent_id, f.dispatched_at, f.started_at, f.finished_at,
            f.seconds, f.peak_memory_bytes, f.percent, f.outputs::text AS outputs, f.last_error, f.fencing_token""";

    private static final TypeReference<List<FrameOutput>> OUTPUTS = new TypeReference<>() {
    };

    /**
     * One statement for any number of frames of one layer: a 100 000-frame layer is one round trip.
     *
     * @param chunks the layer's frames as {@link Chunks} grouped them
     * @param tests the layer's test frames
     */
    public Uni<Void> insertWaiting(SqlClient sql, UUID taskId, String layer, List<Chunks.Chunk> chunks, Set<Integer> tests) {
        int size = chunks.stream().mapToInt(c -> c.numbers().size()).sum();
        Integer[] numbers = new Integer[size];
        Boolean[] test = new Boolean[size];
        Integer[] start = new Integer[size];
        Integer[] end = new Integer[size];
        Integer[] by = new Integer[size];
        int i = 0;
        for (Chunks.Chunk chunk : chunks) {
            for (int n : chunk.numbers()) {
                numbers[i] = n;
                test[i] = tests.contains(n);
                start[i] = chunk.start();
                // Only the lead's row says where its chunk ends: the job is released from it.
                end[i] = n == chunk.start() ? chunk.end() : null;
                by[i] = n == chunk.start() ? chunk.by() : null;
                i++;
            }
        }
        return sql.preparedQuery("""
                        INSERT INTO task.frame (id, task_id, layer, number, status, attempt, test, chunk_start, chunk_end,
                            chunk_by)
                        SELECT gen_random_uuid(), $1, $2, x.n, $8, 0, x.test, x.cs, x.ce, x.cb
                        FROM unnest($3::int[], $4::bool[], $5::int[], $6::int[], $7::int[]) AS x(n, test, cs, ce, cb)""")
                .execute(Tuple.from(new Object[] {taskId, layer, numbers, test, start, end, by, FrameStatus.WAITING.name()}))
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

    /**
     * Locks several frames in one statement, in id order (two transactions locking overlapping sets cannot deadlock);
     * a frame that does not exist is absent.
     */
    public Uni<java.util.Map<UUID, Frame>> lockAll(SqlClient sql, List<UUID> frameIds) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.frame f WHERE f.id = ANY ($1) ORDER BY f.id FOR UPDATE")
                .execute(Tuple.of(frameIds.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Map<UUID, Frame> locked = new java.util.HashMap<>();
                    rows.forEach(r -> locked.put(r.getUUID("id"), from(r)));
                    return locked;
                });
    }

    public Uni<Void> save(SqlClient sql, Frame f) {
        return saveAll(sql, List.of(f));
    }

    /** Writes the frames' state back, any number of them in one statement. */
    public Uni<Void> saveAll(SqlClient sql, List<Frame> frames) {
        int n = frames.size();
        UUID[] id = new UUID[n];
        String[] status = new String[n];
        Integer[] attempt = new Integer[n];
        String[] agent = new String[n];
        java.time.OffsetDateTime[] dispatched = new java.time.OffsetDateTime[n];
        java.time.OffsetDateTime[] started = new java.time.OffsetDateTime[n];
        java.time.OffsetDateTime[] finished = new java.time.OffsetDateTime[n];
        Double[] seconds = new Double[n];
        Long[] peak = new Long[n];
        Double[] percent = new Double[n];
        String[] outputs = new String[n];
        String[] error = new String[n];
        Integer[] failures = new Integer[n];
        Long[] token = new Long[n];
        for (int i = 0; i < n; i++) {
            Frame f = frames.get(i);
            id[i] = f.id();
            status[i] = f.status().name();
            attempt[i] = f.attempt();
            agent[i] = f.agentId();
            dispatched[i] = SqlTime.of(f.dispatchedAt());
            started[i] = SqlTime.of(f.startedAt());
            finished[i] = SqlTime.of(f.finishedAt());
            seconds[i] = f.seconds();
            peak[i] = f.peakMemoryBytes();
            percent[i] = f.percent();
            outputs[i] = f.outputs().isEmpty() ? null : json(f.outputs());
            error[i] = f.lastError();
            failures[i] = f.failures();
            token[i] = f.fencingToken();
        }
        return sql.preparedQuery("""
                        UPDATE task.frame f SET status = x.status, attempt = x.attempt, agent_id = x.agent_id,
                            dispatched_at = x.dispatched_at, started_at = x.started_at, finished_at = x.finished_at,
                            seconds = x.seconds, peak_memory_bytes = x.peak_memory_bytes, percent = x.percent,
                            outputs = x.outputs::jsonb, last_error = x.last_error, failures = x.failures,
                            fencing_token = x.fencing_token
                        FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                                $7::timestamptz[], $8::float8[], $9::int8[], $10::float8[], $11::text[], $12::text[],
                                $13::int[], $14::int8[])
                            AS x(id, status, attempt, agent_id, dispatched_at, started_at, finished_at, seconds,
                                peak_memory_bytes, percent, outputs, last_error, failures, fencing_token)
                        WHERE f.id = x.id""")
                .execute(Tuple.from(new Object[] {id, status, attempt, agent, dispatched, started, finished, seconds, peak,
                        percent, outputs, error, failures, token}))
                .replaceWithVoid();
    }

    /**
     * {@link #counts} of several tasks in one query; a task without frames is absent. Read from
     * {@code task.frame_tally}, which triggers on this table keep as frames change (changeset
     * 24-frame-tally): a few rows per task, however many frames it has.
     */
    public Uni<java.util.Map<UUID, FrameCounts>> countsOf(SqlClient sql, List<UUID> taskIds) {
        return sql.preparedQuery("""
                        SELECT task_id, sum(frames) AS total,
                               coalesce(sum(frames) FILTER (WHERE status = $2), 0) AS succeeded,
                               coalesce(sum(frames) FILTER (WHERE status = $3), 0) AS dead,
                               coalesce(sum(frames) FILTER (WHERE status = ANY ($4)), 0) AS cancelled,
                               coalesce(sum(frames) FILTER (WHERE status = ANY ($5)), 0) AS in_flight,
                               coalesce(sum(seconds) FILTER (WHERE status = $2), 0) AS render_seconds,
                               coalesce(max(max_seconds) FILTER (WHERE status = $2), 0) AS dearest_seconds,
                               coalesce(sum(frames) FILTER (WHERE test AND NOT status = ANY ($6)), 0) AS tests_open,
                               coalesce(sum(frames) FILTER (WHERE test AND status = $3), 0) AS tests_dead
                        FROM task.frame_tally WHERE task_id = ANY ($1) GROUP BY task_id HAVING sum(frames) > 0""")
                .execute(Tuple.from(new Object[] {taskIds.toArray(UUID[]::new), FrameStatus.SUCCEEDED.name(),
                        FrameStatus.DEAD.name(), names(FrameStatus.CANCELLED, FrameStatus.SKIPPED),
                        names(FrameStatus.DISPATCHED, FrameStatus.RUNNING),
                        names(FrameStatus.SUCCEEDED, FrameStatus.DEAD, FrameStatus.CANCELLED, FrameStatus.SKIPPED)}))
                .map(rows -> {
                    java.util.Map<UUID, FrameCounts> counts = new java.util.HashMap<>();
                    rows.forEach(r -> counts.put(r.getUUID("task_id"), counts(r)));
                    return counts;
                });
    }

    private static String[] names(FrameStatus... statuses) {
        return java.util.Arrays.stream(statuses).map(FrameStatus::name).toArray(String[]::new);
    }

    /** Where one task's frames stand ({@link FrameCounts#NONE} for a task without frames). */
    public Uni<FrameCounts> counts(SqlClient sql, UUID taskId) {
        return countsOf(sql, List.of(taskId)).map(byTask -> byTask.getOrDefault(taskId, FrameCounts.NONE));
    }

    private static FrameCounts counts(Row r) {
        return new FrameCounts(r.getLong("total").intValue(), r.getLong("succeeded").intValue(), r.getLong("dead").intValue(),
                r.getLong("cancelled").intValue(), r.getLong("in_flight").intValue(), r.getDouble("render_seconds"),
                r.getDouble("dearest_seconds"), r.getLong("tests_open").intValue(), r.getLong("tests_dead").intValue());
    }

    /** The first {@code limit} frames that died, by layer and number, with why: the task's failure reason and view. */
    public Uni<List<Frame>> dead(SqlClient sql, UUID taskId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.frame f WHERE f.task_id = $1 AND f.status = $2 "
                        + "ORDER BY f.layer, f.number LIMIT $3")
                .execute(Tuple.of(taskId, FrameStatus.DEAD.name(), limit))
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
                            WHERE task_id = $1 AND status = ANY ($2)
                            FOR UPDATE)
                        UPDATE task.frame f SET status = $3, finished_at = now()
                        FROM open WHERE f.id = open.id
                        RETURNING open.status AS was, """ + COLUMNS)
                .execute(Tuple.of(taskId, names(FrameStatus.WAITING, FrameStatus.DISPATCHED, FrameStatus.RUNNING,
                        FrameStatus.FAILED), FrameStatus.CANCELLED.name()))
                .map(rows -> {
                    List<Frame> wasInFlight = new ArrayList<>();
                    rows.forEach(r -> {
                        String was = r.getString("was");
                        if (was.equals(FrameStatus.DISPATCHED.name()) || was.equals(FrameStatus.RUNNING.name())) {
                            wasInFlight.add(from(r));
                        }
                    });
                    return wasInFlight;
                });
    }

    /**
     * Takes back every frame of the task in flight: WAITING again without a failure counted; the next
     * release is a new attempt, so a late report of the one taken back is stale.
     *
     * @return the frames taken back as they were, with the agent rendering them (null when none had started)
     */
    public Uni<List<Frame>> takeBackInFlight(SqlClient sql, UUID taskId, String why) {
        return sql.preparedQuery("""
                        WITH taken AS (
                            SELECT id, agent_id FROM task.frame WHERE task_id = $1 AND status = ANY ($2) FOR UPDATE)
                        UPDATE task.frame f SET status = $3, agent_id = NULL, started_at = NULL, percent = NULL,
                            last_error = $4
                        FROM taken WHERE f.id = taken.id
                        RETURNING taken.agent_id AS was_on, """ + COLUMNS)
                .execute(Tuple.of(taskId, new String[] {FrameStatus.DISPATCHED.name(), FrameStatus.RUNNING.name()},
                        FrameStatus.WAITING.name(), why))
                .map(rows -> {
                    List<Frame> taken = new ArrayList<>();
                    rows.forEach(r -> {
                        Frame f = from(r);
                        taken.add(new Frame(f.id(), f.taskId(), f.layer(), f.number(), f.status(), f.attempt(), f.failures(),
                                f.test(), f.chunkStart(), r.getString("was_on"), f.dispatchedAt(), f.startedAt(),
                                f.finishedAt(), f.seconds(), f.peakMemoryBytes(), f.percent(), f.outputs(), f.lastError(),
                                f.fencingToken()));
                    });
                    return taken;
                });
    }

    /**
     * Takes back the frames of the pool's tasks of a lower priority that were released but not started
     * yet: a task whose priority was raised takes their place at once instead of behind them. Test
     * frames stay (they go first whatever the priority); tasks being changed right now are skipped
     * (their rows are locked), never waited for.
     *
     * @return how many frames were taken back
     */
    public Uni<Integer> takeBackQueuedBelow(SqlClient sql, String pool, int priority, String why) {
        return sql.preparedQuery("""
                        WITH taken AS (
                            SELECT f.id FROM task.frame f JOIN task.task t ON t.id = f.task_id
                            WHERE t.pool = $1 AND t.priority < $2 AND f.status = $3 AND NOT f.test
                            FOR UPDATE OF f, t SKIP LOCKED)
                        UPDATE task.frame f SET status = $4, last_error = $5 FROM taken WHERE f.id = taken.id""")
                .execute(Tuple.of(pool, priority, FrameStatus.DISPATCHED.name(), FrameStatus.WAITING.name(), why))
                .map(rows -> rows.rowCount());
    }

    /**
     * Puts the task's DEAD frames, and frames SKIPPED when a test frame stopped it, back to WAITING with
     * their failures forgotten: each gets {@code maxAttempts} attempts again.
     *
     * @return how many frames were put back
     */
    public Uni<Integer> retry(SqlClient sql, UUID taskId) {
        return sql.preparedQuery("""
                        UPDATE task.frame SET status = $2, failures = 0, agent_id = NULL, started_at = NULL,
                            finished_at = NULL, percent = NULL
                        WHERE task_id = $1 AND status = ANY ($3)""")
                .execute(Tuple.of(taskId, FrameStatus.WAITING.name(),
                        new String[] {FrameStatus.DEAD.name(), FrameStatus.SKIPPED.name()}))
                .map(rows -> rows.rowCount());
    }

    /** Ends the task's WAITING frames unrendered: a test frame failed the task before they spent anything. */
    public Uni<Void> skipWaiting(SqlClient sql, UUID taskId) {
        return sql.preparedQuery("UPDATE task.frame SET status = $2, finished_at = now() WHERE task_id = $1 AND status = $3")
                .execute(Tuple.of(taskId, FrameStatus.SKIPPED.name(), FrameStatus.WAITING.name()))
                .replaceWithVoid();
    }

    /** Renderer seconds of each succeeded test frame, by layer: what the estimate is measured on. */
    public Uni<java.util.Map<String, List<Double>>> testSeconds(SqlClient sql, UUID taskId) {
        return sql.preparedQuery("""
                        SELECT layer, seconds FROM task.frame
                        WHERE task_id = $1 AND test AND status = $2 AND seconds IS NOT NULL""")
                .execute(Tuple.of(taskId, FrameStatus.SUCCEEDED.name()))
                .map(rows -> {
                    java.util.Map<String, List<Double>> byLayer = new java.util.HashMap<>();
                    rows.forEach(r -> byLayer.computeIfAbsent(r.getString("layer"), l -> new ArrayList<>())
                            .add(r.getDouble("seconds")));
                    return byLayer;
                });
    }

    /** The other frames of the chunk {@code lead} leads, locked: they move with it. */
    public Uni<List<Frame>> chunkMates(SqlClient sql, Frame lead) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM task.frame f WHERE f.task_id = $1 AND f.layer = $2 "
                        + "AND f.chunk_start = $3 AND f.number <> $3 AND f.number BETWEEN $3 AND "
                        + "(SELECT chunk_end FROM task.frame WHERE id = $4) ORDER BY f.number FOR UPDATE")
                .execute(Tuple.of(lead.taskId(), lead.layer(), lead.chunkStart(), lead.id()))
                .map(rows -> {
                    List<Frame> mates = new ArrayList<>();
                    rows.forEach(r -> mates.add(from(r)));
                    return mates;
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
                r.getInteger("failures"),
                r.getBoolean("test"),
                r.getInteger("chunk_start"),
                r.getString("agent_id"),
                SqlTime.instant(r.getOffsetDateTime("dispatched_at")),
                SqlTime.instant(r.getOffsetDateTime("started_at")),
                SqlTime.instant(r.getOffsetDateTime("finished_at")),
                r.getDouble("seconds"),
                r.getLong("peak_memory_bytes"),
                r.getDouble("percent"),
                outputs(r.getString("outputs")),
                r.getString("last_error"),
                r.getLong("fencing_token"));
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
