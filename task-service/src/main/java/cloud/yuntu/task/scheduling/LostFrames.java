package cloud.yuntu.task.scheduling;

import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.frame.Frame;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.task.lifecycle.TaskProgression;
import cloud.yuntu.task.lifecycle.Tasks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Takes back frames whose attempt can no longer report: RUNNING on an agent whose heartbeat
 * went stale against the registry's newest one ({@link #HEARD}; or that never sent one, counted from
 * the frame's start), or DISPATCHED and not
 * started within the start timeout. Such a frame goes back to WAITING for a new attempt, or
 * DEAD when its attempts are spent. A late report of the lost attempt is then stale and ignored.
 */
@ApplicationScoped
public class LostFrames {

    private static final String RUNNING = "'" + FrameStatus.RUNNING.name() + "'";
    private static final String DISPATCHED = "'" + FrameStatus.DISPATCHED.name() + "'";

    /**
     * How far the registry has heard: the newest heartbeat applied, never later than now. An agent is
     * silent when its heartbeat is older than that by the heartbeat timeout, not older than now: when
     * this service's heartbeat consumer is behind (it just started and waits for its partitions, or the
     * database was away), every agent looks silent by the clock, and taking their frames back would
     * render again frames whose completions are still on their way.
     */
    private static final String HEARD = "SELECT least(now(), coalesce(max(heartbeat_at), now())) AS until FROM task.agent";

    /**
     * When no agent at all has been heard for this many heartbeat timeouts, the farm's nodes are gone (or
     * the registry is stuck) and their frames are taken back anyway.
     */
    static final int SILENT_FARM = 4;

    /** Frames one pass takes back at most, bounding the transaction. */
    static final int BATCH = 200;

    private final Pool pool;
    private final Frames frames;
    private final Tasks tasks;
    private final TaskProgression progression;
    private final TaskConfig config;

    public LostFrames(Pool pool, Frames frames, Tasks tasks, TaskProgression progression, TaskConfig config) {
        this.pool = pool;
        this.frames = frames;
        this.tasks = tasks;
        this.progression = progression;
        this.config = config;
    }

    /**
     * The statuses are literals in the statement, not parameters, so that the planner can use the
     * partial index of frames in flight whatever plan it caches.
     *
     * @return how many frames were taken back
     */
    public Uni<Integer> recover() {
        return pool.withTransaction(sql -> sql.preparedQuery("WITH heard AS (" + HEARD + ") SELECT " + Frames.COLUMNS + """
                                , t.max_attempts
                                FROM task.frame f JOIN task.task t ON t.id = f.task_id
                                LEFT JOIN task.agent a ON a.id = f.agent_id
                                CROSS JOIN heard h
                                WHERE (f.status = """ + RUNNING + """
                                       AND (coalesce(a.heartbeat_at, f.started_at) < h.until - make_interval(secs => $1)
                                            OR coalesce(a.heartbeat_at, f.started_at) < now() - make_interval(secs => $4)))
                                   OR (f.status = """ + DISPATCHED + """
                                       AND f.dispatched_at < now() - make_interval(secs => $2))
                                ORDER BY t.id, f.number
                                LIMIT $3
                                FOR UPDATE OF t, f SKIP LOCKED""")
                .execute(Tuple.of(seconds(config.agent().heartbeatTimeout().toMillis()),
                        seconds(config.dispatch().startTimeout().toMillis()), BATCH,
                        seconds(config.agent().heartbeatTimeout().multipliedBy(SILENT_FARM).toMillis())))
                .chain(rows -> takeBack(sql, rows)));
    }

    private Uni<Integer> takeBack(SqlClient sql, Iterable<Row> rows) {
        Set<UUID> touched = new LinkedHashSet<>();
        List<Uni<Void>> writes = new ArrayList<>();
        Instant now = Instant.now();
        for (Row row : rows) {
            Frame frame = Frames.from(row);
            touched.add(frame.taskId());
            String why = frame.status() == FrameStatus.RUNNING
                    ? "agent " + frame.agentId() + " stopped sending heartbeats during attempt " + frame.attempt()
                    : "attempt " + frame.attempt() + " was not started by any agent within " + config.dispatch().startTimeout();
            writes.add(frames.save(sql, frame.failed(why, true, row.getInteger("max_attempts"), now)));
        }
        if (writes.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // The tasks' rows are locked by the query above, for this transaction.
        return Multi.createFrom().iterable(writes).onItem().transformToUniAndConcatenate(w -> w).collect().last()
                .chain(() -> Multi.createFrom().iterable(touched)
                        .onItem().transformToUniAndConcatenate(id -> tasks.find(sql, id)
                                .chain(task -> progression.settle(sql, task.orElseThrow())))
                        .collect().last())
                .replaceWith(writes.size());
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
