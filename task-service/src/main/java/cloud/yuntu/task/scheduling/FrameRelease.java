package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.platform.identity.JobGrants;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.agent.Agents;
import cloud.yuntu.task.agent.Lane;
import cloud.yuntu.task.agent.LiveAgent;
import cloud.yuntu.task.blocklist.AgentFailures;
import cloud.yuntu.task.frame.FrameCounts;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.project.TaskAssets;
import cloud.yuntu.task.scheduling.LaneCapacity.LaneLoad;
import cloud.yuntu.task.scheduling.WaitingLanes.WaitingLane;
import cloud.yuntu.task.lifecycle.PauseCause;
import cloud.yuntu.task.lifecycle.Actor;
import cloud.yuntu.task.lifecycle.Task;
import cloud.yuntu.task.lifecycle.TaskBudget;
import cloud.yuntu.task.lifecycle.TaskLayer;
import cloud.yuntu.task.lifecycle.TaskStateMachine;
import cloud.yuntu.task.lifecycle.TaskTransitions;
import cloud.yuntu.task.lifecycle.Tasks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Releases WAITING frames of every lane into Kafka, no more than each lane can start now: the free
 * slots of the live agents serving the lane (its pool, its renderer), shared between all lanes by
 * {@link LaneCapacity}, less the frames released but not started yet. An agent's free slots are one
 * budget for every pool it serves. The backlog stays here, so priority, pause and cancel act on
 * everything not yet released. Test frames go ahead of every other task's frames; a budgeted task
 * releases only what its budget still pays for ({@link TaskBudget}) and pauses when that is
 * nothing; a task's frames wait while only agents blocklisted for it have room. Every job carries
 * a signed grant scoped to its task's scene and result prefix, all the file access the agent
 * holding it gets, and the agents blocklisted for its task.
 *
 * <p>A pass is one transaction over all pools under one farm-wide advisory lock ({@link #LOCK}).
 * Reading the agents' free slots and the frames in flight, sharing them and marking the released
 * frames DISPATCHED must not interleave with another replica's pass, or both would spend the same
 * slots: per-pool transactions would release the lock (or let another pool's releaser in) between
 * pools while an agent's slots are still being spent in the next one. A replica that finds the lock
 * taken waits for it, then releases for the whole farm, bounded by
 * {@code yuntu.task.dispatch.max-release-per-pass} frames per transaction.
 */
@ApplicationScoped
public class FrameRelease {

    /**
     * The advisory lock of a release pass, one for the whole farm: lanes of several pools share the
     * slots of agents serving several pools, so a lock per pool would let two replicas spend the same
     * slot at once, each for a pool of its own.
     */
    static final String LOCK = "yuntu.task.dispatch";

    /**
     * A WAITING frame the dispatcher may release: it leads its chunk (the job is released from the
     * lead; its chunk's other frames go with it), and it is a test frame, or its task has no test
     * frames, or they ended and the task renders. Tasks in TESTING release only their tests.
     */
    static final String RELEASABLE_FRAME = " f.number = f.chunk_start AND (f.test OR t.test_frames IS NULL OR t.status = '"
            + TaskStatus.RENDERING.name() + "')";

    /**
     * The waiting frames of task {@code t}'s layer {@code l} that lead their chunk and may be released, tests first, then
     * by number: read in that order from the partial index of waiting frames (changeset 25), whose status is named by a
     * literal so that a cached generic plan uses it too. The caller adds the LIMIT.
     */
    static final String WAITING_LEADS = "SELECT f.id, f.number, f.attempt, f.chunk_end, f.chunk_by, f.test, f.layer"
            + " FROM task.frame f WHERE f.task_id = t.id AND f.layer = l.name AND f.status = '" + FrameStatus.WAITING.name()
            + "' AND " + RELEASABLE_FRAME + " ORDER BY f.test DESC, f.number";

    private static final String IN_FLIGHT = "('" + FrameStatus.DISPATCHED.name() + "', '" + FrameStatus.RUNNING.name() + "')";

    private final Pool pool;
    private final Agents agents;
    private final Outbox outbox;
    private final TaskTransitions transitions;
    private final TaskConfig config;
    private final JobGrants grants;
    private final Frames frames;
    private final AgentFailures blocklist;
    private final TaskAssets projectFiles;

    public FrameRelease(Pool pool, Agents agents, Outbox outbox, TaskTransitions transitions, TaskConfig config,
            JobGrants grants, Frames frames, AgentFailures blocklist, TaskAssets projectFiles) {
        this.projectFiles = projectFiles;
        this.pool = pool;
        this.agents = agents;
        this.outbox = outbox;
        this.transitions = transitions;
        this.config = config;
        this.grants = grants;
        this.frames = frames;
        this.blocklist = blocklist;
    }

    /**
     * One release pass over every pool, in one transaction under one farm-wide lock: only one
     * replica releases at a time, so two never spend the same free slots, and an agent serving
     * several pools spends its free slots once for all of them.
     *
     * @param lanes every lane with waiting frames, most urgent first
     * @return how many frames were released
     */
    public Uni<Integer> release(List<WaitingLane> lanes) {
        // A replica that finds another releasing waits for it instead of skipping: the other's pass may
        // have read the slots before the change that woke this one committed.
        return this.pool.withTransaction(sql -> sql
                .preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(LOCK))
                .chain(() -> agents.live(sql, config.agent().heartbeatTimeout()))
                .chain(live -> capacity(sql, lanes, live).chain(granted -> releaseLanes(sql, granted, live))));
    }

    private Uni<Map<Lane, Integer>> capacity(SqlClient sql, List<WaitingLane> lanes, List<LiveAgent> live) {
        int limit = config.dispatch().maxReleasePerPass();
        int ahead = config.dispatch().jobsAheadPerAgent();
        if (lanes.isEmpty() || live.isEmpty() || ahead == 0 && live.stream().allMatch(a -> a.freeSlots() <= 0)) {
            return Uni.createFrom().item(Map.<Lane, Integer>of());
        }
        return inFlightByLane(sql).chain(inFlight -> Multi.createFrom().iterable(lanes)
                .onItem().transformToUniAndConcatenate(w -> waiting(sql, w.lane(), limit)
                        .map(n -> {
                            int[] counts = inFlight.getOrDefault(w.lane(), new int[2]);
                            return new LaneLoad(w.lane(), w.priority(), counts[0], counts[1], n);
                        }))
                .collect().asList()
                .map(loads -> {
                    // Lanes with frames in flight but none waiting hold slots too.
                    List<LaneLoad> all = new ArrayList<>(loads);
                    inFlight.forEach((lane, counts) -> {
                        if (loads.stream().noneMatch(l -> l.lane().equals(lane))) {
                            all.add(new LaneLoad(lane, 0, counts[0], counts[1], 0));
                        }
                    });
                    return LaneCapacity.share(live, all, limit, ahead);
                }));
    }

    /**
     * Jobs of each lane released and not started yet, and started and not ended (a chunk counts
     * once): the first will take slots, the second tell which lane has had its turn.
     */
    private Uni<Map<Lane, int[]>> inFlightByLane(SqlClient sql) {
        // The statuses are literals so that the partial index of frames in flight serves any cached plan.
        // Counted per task and layer first (the frames in flight: about as many as the farm has slots), then summed by
        // lane: one look-up of a task per task, not per frame.
        return sql.preparedQuery("""
                        SELECT t.pool, l.renderer, sum(c.dispatched)::bigint AS dispatched, sum(c.running)::bigint AS running
                        FROM (SELECT f.task_id, f.layer, count(*) FILTER (WHERE f.status = $1) AS dispatched,
                                  count(*) FILTER (WHERE f.status = $2) AS running
                              FROM task.frame f WHERE f.number = f.chunk_start AND f.status IN """ + IN_FLIGHT + """
                         GROUP BY f.task_id, f.layer) c
                        JOIN task.task t ON t.id = c.task_id
                        JOIN task.task_layer l ON l.task_id = c.task_id AND l.name = c.layer
                        GROUP BY t.pool, l.renderer""")
                .execute(Tuple.of(FrameStatus.DISPATCHED.name(), FrameStatus.RUNNING.name()))
                .map(rows -> {
                    Map<Lane, int[]> counts = new HashMap<>();
                    rows.forEach(r -> counts.put(new Lane(r.getString("pool"), r.getString("renderer")),
                            new int[] {r.getLong("dispatched").intValue(), r.getLong("running").intValue()}));
                    return counts;
                });
    }

    /** Jobs the lane may release now, counted up to {@code cap} only. */
    private Uni<Integer> waiting(SqlClient sql, Lane lane, int cap) {
        return sql.preparedQuery("""
                        SELECT count(*) AS waiting FROM (
                            SELECT 1 FROM task.task t JOIN task.task_layer l ON l.task_id = t.id
                            CROSS JOIN LATERAL (""" + WAITING_LEADS + """
                                LIMIT $4) f
                            WHERE t.pool = $1 AND l.renderer = $2 AND t.status = ANY ($3)
                            LIMIT $4) w""")
                .execute(Tuple.of(lane.pool(), lane.renderer(), WaitingLanes.RELEASABLE, cap))
                .map(rows -> rows.iterator().next().getLong("waiting").intValue());
    }

    private Uni<Integer> releaseLanes(SqlClient sql, Map<Lane, Integer> granted, List<LiveAgent> live) {
        List<Map.Entry<Lane, Integer>> lanes = granted.entrySet().stream().filter(e -> e.getValue() > 0).toList();
        if (lanes.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Pass pass = new Pass(live);
        return Multi.createFrom().iterable(lanes)
                .onItem().transformToUniAndConcatenate(e -> releaseUpTo(sql, e.getKey(), e.getValue(), pass))
                .collect().asList()
                .chain(counts -> Multi.createFrom().iterable(List.copyOf(pass.released.values()))
                        .onItem().transformToUniAndConcatenate(task -> started(sql, task).invoke(t -> pass.released.put(t.id(), t)))
                        .collect().last()
                        .chain(() -> Multi.createFrom().iterable(List.copyOf(pass.outOfBudget.values()))
                                .onItem().transformToUniAndConcatenate(task -> outOfBudget(sql,
                                        pass.released.getOrDefault(task.id(), task)))
                                .collect().last())
                        .replaceWith(counts.stream().mapToInt(Integer::intValue).sum()));
    }

    /** What one release pass learnt so far. */
    private static final class Pass {
        final List<LiveAgent> live;
        /** Tasks with frames released in this pass, as they stand. */
        final Map<UUID, Task> released = new LinkedHashMap<>();
        /** Tasks with waiting frames that their budget pays no more for. */
        final Map<UUID, Task> outOfBudget = new LinkedHashMap<>();
        /** Frames each budgeted task may still release in this pass. */
        final Map<UUID, Integer> allowance = new HashMap<>();
        /** Budgeted tasks with no frame measured yet: their first job, a chunk as much as a frame, measures one. */
        final Set<UUID> unmeasured = new java.util.HashSet<>();

        Pass(List<LiveAgent> live) {
            this.live = live;
        }
    }

    private Uni<Integer> releaseUpTo(SqlClient sql, Lane lane, int limit, Pass pass) {
        // Test frames go first, ahead of every other task's frames; then priority, then age. Layers of one task
        // interleave by frame number, so every layer shows early frames. Each task's layer gives its first waiting
        // frames in that order from its index, never more than the pass may release: the pass reads about as many
        // frames as it releases, however deep the backlog.
        return sql.preparedQuery("""
                        SELECT f.id AS frame_id, f.number AS frame_number, f.attempt + 1 AS next_attempt,
                            f.chunk_end AS chunk_end, f.chunk_by AS chunk_by,
                            l.name AS layer_name, l.renderer AS layer_renderer, l.camera AS layer_camera,
                            l.resolution_width AS layer_width, l.resolution_height AS layer_height,
                            l.image_format AS layer_image_format, l.output_prefix AS layer_output_prefix,
                            l.frames_spec AS layer_frames_spec, l.frames_total AS layer_frames_total, """
                        + Tasks.COLUMNS + """

                        FROM task.task t JOIN task.task_layer l ON l.task_id = t.id
                        CROSS JOIN LATERAL (""" + WAITING_LEADS + """
                            LIMIT $4) f
                        WHERE t.pool = $1 AND l.renderer = $2 AND t.status = ANY ($3)
                        ORDER BY f.test DESC, t.priority DESC, t.created_at ASC, t.id, f.number ASC, f.layer ASC
                        LIMIT $4""")
                .execute(Tuple.of(lane.pool(), lane.renderer(), WaitingLanes.RELEASABLE, limit))
                .chain(candidates -> lock(sql, candidates))
                .chain(all -> {
                    List<UUID> taskIds = all.stream().map(r -> r.getUUID("id")).distinct().toList();
                    return blocklist.of(sql, taskIds).chain(blocklisted -> projectFiles.of(sql, taskIds)
                            .chain(projects -> budgets(sql, all, pass)
                                    .chain(() -> dispatchAll(sql, lane, all, blocklisted, projects, pass))));
                });
    }

    /**
     * The candidates whose frame and task this pass could lock and that still wait, in their order. SKIP LOCKED: a task
     * being changed right now (an event, a cancel) waits for the next pass instead of blocking this one. Only one pass
     * runs at a time ({@link #LOCK}), so a candidate is lost only to such a change, and the status is read again under
     * the lock.
     */
    private Uni<List<Row>> lock(SqlClient sql, RowSet<Row> candidates) {
        List<Row> rows = new ArrayList<>(candidates.size());
        candidates.forEach(rows::add);
        if (rows.isEmpty()) {
            return Uni.createFrom().item(rows);
        }
        UUID[] ids = rows.stream().map(r -> r.getUUID("frame_id")).toArray(UUID[]::new);
        return sql.preparedQuery("""
                        SELECT f.id FROM task.frame f JOIN task.task t ON t.id = f.task_id
                        WHERE f.id = ANY ($1) AND f.status = $2 AND t.status = ANY ($3)
                        FOR UPDATE OF f, t SKIP LOCKED""")
                .execute(Tuple.of(ids, FrameStatus.WAITING.name(), WaitingLanes.RELEASABLE))
                .map(locked -> {
                    Set<UUID> held = new java.util.HashSet<>();
                    locked.forEach(r -> held.add(r.getUUID("id")));
                    rows.removeIf(r -> !held.contains(r.getUUID("frame_id")));
                    return rows;
                });
    }

    /** Fills the pass' allowance of every budgeted task among {@code rows} not seen in this pass yet. */
    private Uni<Void> budgets(SqlClient sql, List<Row> rows, Pass pass) {
        Map<UUID, Task> budgeted = new LinkedHashMap<>();
        for (Row row : rows) {
            Task task = Tasks.from(row);
            if (task.policy().budget() != null && !pass.allowance.containsKey(task.id())) {
                budgeted.putIfAbsent(task.id(), task);
            }
        }
        if (budgeted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return frames.countsOf(sql, List.copyOf(budgeted.keySet())).invoke(counts -> budgeted.values().forEach(task -> {
            FrameCounts c = counts.getOrDefault(task.id(), FrameCounts.NONE);
            if (c.succeeded() == 0) {
                pass.unmeasured.add(task.id());
            }
            pass.allowance.put(task.id(), TaskBudget.of(task, c).framesWithin());
        })).replaceWithVoid();
    }

    private Uni<Integer> dispatchAll(SqlClient sql, Lane lane, List<Row> rows, Map<UUID, Set<String>> blocklisted,
            Map<UUID, List<SceneManifest.Asset>> projects, Pass pass) {
        Map<UUID, String> grantOfTask = new HashMap<>();
        Duration lifetime = FrameJobs.grantLifetime(config.dispatch().startTimeout(), config.frameTimeout());
        List<Job> jobs = new ArrayList<>();
        for (Row row : rows) {
            Task task = Tasks.from(row);
            Set<String> excluded = blocklisted.getOrDefault(task.id(), Set.of());
            if (!excluded.isEmpty() && !servedByOthers(pass.live, lane, excluded)) {
                // Only agents blocklisted for this task have room now: a job released to them would bounce.
                continue;
            }
            int start = row.getInteger("frame_number");
            FrameRange range = new FrameRange(start, row.getInteger("chunk_end"), row.getInteger("chunk_by"));
            Integer allowed = pass.allowance.get(task.id());
            boolean probe = allowed != null && allowed > 0 && pass.unmeasured.contains(task.id());
            if (allowed != null && allowed < range.count() && !probe) {
                pass.outOfBudget.putIfAbsent(task.id(), task);
                continue;
            }
            if (allowed != null) {
                pass.allowance.put(task.id(), Math.max(0, allowed - range.count()));
            }
            pass.released.putIfAbsent(task.id(), task);
            String grant = grantOfTask.computeIfAbsent(task.id(), id -> grants.sign(FrameJobs.grantOf(task), lifetime));
            TaskLayer layer = layer(row, task.id());
            int attempt = row.getInteger("next_attempt");
            jobs.add(new Job(task.id(), layer.name(), range, attempt, new Outbox.Entry(lane.topic(), task.id().toString(),
                    FrameJobs.of(task, layer, row.getUUID("frame_id"), range, attempt, config.frameTimeout(), grant, excluded,
                            projects.getOrDefault(task.id(), List.of())))));
        }
        return dispatch(sql, jobs).replaceWith(jobs.size());
    }

    /** One job of a release pass: a frame or chunk at its new attempt, and its record. */
    private record Job(UUID taskId, String layer, FrameRange range, int attempt, Outbox.Entry record) {
    }

    /**
     * Releases the jobs in two statements whatever their number: their chunks' frames (each lead and
     * its mates) become DISPATCHED at the new attempt, and their records go to the outbox.
     */
    private Uni<Void> dispatch(SqlClient sql, List<Job> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = jobs.size();
        UUID[] tasks = new UUID[n];
        String[] layers = new String[n];
        Integer[] starts = new Integer[n];
        Integer[] ends = new Integer[n];
        Integer[] attempts = new Integer[n];
        for (int i = 0; i < n; i++) {
            Job job = jobs.get(i);
            tasks[i] = job.taskId();
            layers[i] = job.layer();
            starts[i] = job.range().start();
            ends[i] = job.range().end();
            attempts[i] = job.attempt();
        }
        return sql.preparedQuery("""
                        UPDATE task.frame f SET status = $6, attempt = j.attempt, dispatched_at = now(), agent_id = NULL,
                            started_at = NULL, finished_at = NULL, percent = NULL
                        FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::int[]) AS j(task_id, layer, first, last, attempt)
                        WHERE f.task_id = j.task_id AND f.layer = j.layer AND f.number BETWEEN j.first AND j.last
                          AND f.chunk_start = j.first AND f.status = $7""")
                .execute(Tuple.from(new Object[] {tasks, layers, starts, ends, attempts,
                        FrameStatus.DISPATCHED.name(), FrameStatus.WAITING.name()}))
                .chain(() -> outbox.appendAll(sql, jobs.stream().map(Job::record).toList()));
    }

    /** Some live agent of the lane with a free slot is not blocklisted for the task. */
    static boolean servedByOthers(List<LiveAgent> live, Lane lane, Set<String> blocklisted) {
        return live.stream().anyMatch(a -> a.freeSlots() > 0 && a.serves(lane) && !blocklisted.contains(a.id()));
    }

    /**
     * A task its budget pays no further frame for once its frames in flight are billed: PAUSED, and
     * its owner told how to go on. While frames are in flight it only releases nothing more
     * ({@link TaskBudget#exhausted}). Raising the budget resumes it.
     */
    private Uni<Void> outOfBudget(SqlClient sql, Task task) {
        return frames.counts(sql, task.id()).chain(counts -> {
            TaskBudget budget = TaskBudget.of(task, counts);
            if (!budget.exhausted() || !TaskStateMachine.allows(task.status(), TaskStatus.PAUSED)) {
                return Uni.createFrom().voidItem();
            }
            BigDecimal spent = budget.spent();
            String why = "budget of " + task.policy().budget().toPlainString() + " " + task.currency() + " reached: "
                    + spent.toPlainString() + " spent, " + counts.inFlight() + " frame(s) finishing";
            // Its owner is told by the move (OwnerNotices: task.budget-reached).
            return transitions.pause(sql, task, PauseCause.BUDGET, why, Actor.FARM).replaceWithVoid();
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

    /** The first release of a queued task starts its tests, or its rendering when it has none. */
    private Uni<Task> started(SqlClient sql, Task task) {
        if (task.status() != TaskStatus.QUEUED) {
            return Uni.createFrom().item(task);
        }
        boolean tests = task.policy().tests();
        return transitions.move(sql, task, TaskStateMachine.firstRelease(tests),
                tests ? "test frames released" : "first frames released");
    }
}
