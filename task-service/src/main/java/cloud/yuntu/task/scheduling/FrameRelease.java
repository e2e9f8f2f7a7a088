package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.platform.identity.JobGrants;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.agent.Agents;
import cloud.yuntu.task.agent.Lane;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.scheduling.LaneCapacity.LaneLoad;
import cloud.yuntu.task.scheduling.WaitingLanes.WaitingLane;
import cloud.yuntu.task.task.Task;
import cloud.yuntu.task.task.TaskLayer;
import cloud.yuntu.task.task.TaskTransitions;
import cloud.yuntu.task.task.Tasks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Releases WAITING frames of one pool's lanes into Kafka, no more than each lane can start now:
 * the free slots of the pool's live agents that report the lane's renderer, shared between the
 * lanes by {@link LaneCapacity}, less the lane's frames released but not started yet. The backlog
 * stays here, so priority, pause and cancel act on everything not yet released. Every job carries
 * a signed grant scoped to its task's scene and result prefix: all the file access the agent
 * holding it gets.
 */
@ApplicationScoped
public class FrameRelease {

    private final Pool pool;
    private final Agents agents;
    private final Outbox outbox;
    private final TaskTransitions transitions;
    private final TaskConfig config;
    private final JobGrants grants;

    public FrameRelease(Pool pool, Agents agents, Outbox outbox, TaskTransitions transitions, TaskConfig config,
            JobGrants grants) {
        this.pool = pool;
        this.agents = agents;
        this.outbox = outbox;
        this.transitions = transitions;
        this.config = config;
        this.grants = grants;
    }

    /**
     * @param lanes the pool's lanes with waiting frames, most urgent first
     * @return how many frames were released
     */
    public Uni<Integer> release(String poolName, List<WaitingLane> lanes) {
        return this.pool.withTransaction(sql -> sql
                // One releaser per pool across replicas, so two never spend the same free slots; the
                // lock is per pool, not per lane, because lanes of a pool share their agents' slots.
                .preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext('yuntu.task.dispatch.' || $1)) AS mine")
                .execute(Tuple.of(poolName))
                .chain(lock -> !lock.iterator().next().getBoolean("mine")
                        ? Uni.createFrom().item(0)
                        : capacity(sql, poolName, lanes).chain(grants -> releaseLanes(sql, poolName, grants))));
    }

    private Uni<Map<String, Integer>> capacity(SqlClient sql, String poolName, List<WaitingLane> lanes) {
        int limit = config.dispatch().maxReleasePerPass();
        return agents.live(sql, poolName, config.agent().heartbeatTimeout()).chain(live -> {
            if (live.stream().allMatch(a -> a.freeSlots() <= 0)) {
                return Uni.createFrom().item(Map.<String, Integer>of());
            }
            return dispatchedByRenderer(sql, poolName).chain(dispatched -> Multi.createFrom().iterable(lanes)
                    .onItem().transformToUniAndConcatenate(w -> waiting(sql, w.lane(), limit)
                            .map(n -> new LaneLoad(w.lane().renderer(), dispatched.getOrDefault(w.lane().renderer(), 0), n)))
                    .collect().asList()
                    .map(loads -> {
                        // Lanes with frames in flight but none waiting hold slots too.
                        List<LaneLoad> all = new ArrayList<>(loads);
                        dispatched.forEach((renderer, n) -> {
                            if (loads.stream().noneMatch(l -> l.renderer().equals(renderer))) {
                                all.add(new LaneLoad(renderer, n, 0));
                            }
                        });
                        return LaneCapacity.share(live, all, limit);
                    }));
        });
    }

    /** Frames released into each lane of the pool and not started yet: they will take slots. */
    private Uni<Map<String, Integer>> dispatchedByRenderer(SqlClient sql, String poolName) {
        return sql.preparedQuery("""
                        SELECT l.renderer, count(*) AS dispatched
                        FROM task.frame f JOIN task.task t ON t.id = f.task_id
                        JOIN task.task_layer l ON l.task_id = f.task_id AND l.name = f.layer
                        WHERE f.status = $2 AND t.pool = $1
                        GROUP BY l.renderer""")
                .execute(Tuple.of(poolName, FrameStatus.DISPATCHED.name()))
                .map(rows -> {
                    Map<String, Integer> counts = new HashMap<>();
                    rows.forEach(r -> counts.put(r.getString("renderer"), r.getLong("dispatched").intValue()));
                    return counts;
                });
    }

    /** Waiting frames of the lane, counted up to {@code cap} only. */
    private Uni<Integer> waiting(SqlClient sql, Lane lane, int cap) {
        return sql.preparedQuery("""
                        SELECT count(*) AS waiting FROM (
                            SELECT 1 FROM task.frame f JOIN task.task t ON t.id = f.task_id
                            JOIN task.task_layer l ON l.task_id = f.task_id AND l.name = f.layer
                            WHERE f.status = $3 AND t.pool = $1 AND l.renderer = $2 AND t.status = ANY ($4)
                            LIMIT $5) w""")
                .execute(Tuple.from(new Object[] {lane.pool(), lane.renderer(), FrameStatus.WAITING.name(),
                        WaitingLanes.RELEASABLE, cap}))
                .map(rows -> rows.iterator().next().getLong("waiting").intValue());
    }

    private Uni<Integer> releaseLanes(SqlClient sql, String poolName, Map<String, Integer> granted) {
        List<Map.Entry<String, Integer>> lanes = granted.entrySet().stream().filter(e -> e.getValue() > 0).toList();
        if (lanes.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<UUID, Task> released = new LinkedHashMap<>();
        return Multi.createFrom().iterable(lanes)
                .onItem().transformToUniAndConcatenate(e -> releaseUpTo(sql, new Lane(poolName, e.getKey()), e.getValue(),
                        released))
                .collect().asList()
                .chain(counts -> Multi.createFrom().iterable(released.values())
                        .onItem().transformToUniAndConcatenate(task -> started(sql, task))
                        .collect().last()
                        .replaceWith(counts.stream().mapToInt(Integer::intValue).sum()));
    }

    private Uni<Integer> releaseUpTo(SqlClient sql, Lane lane, int limit, Map<UUID, Task> released) {
        // SKIP LOCKED on frames and tasks: a task being changed right now (an event, a cancel)
        // waits for the next pass instead of blocking this one, and another replica's rows are never taken.
        // Layers of one task interleave by frame number, so every layer shows early frames.
        return sql.preparedQuery("""
                        SELECT f.id AS frame_id, f.number AS frame_number, f.attempt + 1 AS next_attempt,
                            l.name AS layer_name, l.renderer AS layer_renderer, l.camera AS layer_camera,
                            l.resolution_width AS layer_width, l.resolution_height AS layer_height,
                            l.image_format AS layer_image_format, l.output_prefix AS layer_output_prefix,
                            l.frames_spec AS layer_frames_spec, l.frames_total AS layer_frames_total, """
                        + Tasks.COLUMNS + """

                        FROM task.frame f JOIN task.task t ON t.id = f.task_id
                        JOIN task.task_layer l ON l.task_id = f.task_id AND l.name = f.layer
                        WHERE f.status = $3 AND t.pool = $1 AND l.renderer = $2 AND t.status = ANY ($4)
                        ORDER BY t.priority DESC, t.created_at ASC, t.id, f.number ASC, f.layer ASC
                        LIMIT $5
                        FOR UPDATE OF f, t SKIP LOCKED""")
                .execute(Tuple.from(new Object[] {lane.pool(), lane.renderer(), FrameStatus.WAITING.name(),
                        WaitingLanes.RELEASABLE, limit}))
                .chain(rows -> {
                    Map<UUID, String> grantOfTask = new HashMap<>();
                    Duration lifetime = FrameJobs.grantLifetime(config.dispatch().startTimeout(), config.frameTimeout());
                    List<Uni<Void>> writes = new ArrayList<>();
                    for (Row row : rows) {
                        Task task = released.computeIfAbsent(row.getUUID("id"), id -> Tasks.from(row));
                        String grant = grantOfTask.computeIfAbsent(task.id(),
                                id -> grants.sign(FrameJobs.grantOf(task), lifetime));
                        writes.add(dispatch(sql, lane, task, layer(row, task.id()), row.getUUID("frame_id"),
                                row.getInteger("frame_number"), row.getInteger("next_attempt"), grant));
                    }
                    if (writes.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Multi.createFrom().iterable(writes).onItem().transformToUniAndConcatenate(w -> w).collect().last()
                            .replaceWith(writes.size());
                });
    }

    private static TaskLayer layer(Row row, UUID taskId) {
        Integer width = row.getInteger("layer_width");
        Integer height = row.getInteger("layer_height");
        return new TaskLayer(taskId, row.getString("layer_name"), row.getString("layer_renderer"),
                row.getString("layer_camera"), width == null || height == null ? null : new Resolution(width, height),
                row.getString("layer_image_format"), row.getString("layer_output_prefix"),
                row.getString("layer_frames_spec"), row.getInteger("layer_frames_total"));
    }

    private Uni<Void> dispatch(SqlClient sql, Lane lane, Task task, TaskLayer layer, UUID frameId, int number, int attempt,
            String grant) {
        return sql.preparedQuery("""
                        UPDATE task.frame SET status = $3, attempt = $2, dispatched_at = now(), agent_id = NULL,
                            started_at = NULL, finished_at = NULL, percent = NULL
                        WHERE id = $1""")
                .execute(Tuple.of(frameId, attempt, FrameStatus.DISPATCHED.name()))
                .chain(() -> outbox.append(sql, lane.topic(), task.id().toString(),
                        FrameJobs.of(task, layer, frameId, number, attempt, config.frameTimeout(), grant)));
    }

    /** The first release of a queued task starts its rendering. */
    private Uni<Void> started(SqlClient sql, Task task) {
        if (task.status() != TaskStatus.QUEUED) {
            return Uni.createFrom().voidItem();
        }
        return transitions.move(sql, task, TaskStatus.RENDERING, "first frames released")
                .replaceWithVoid();
    }
}
