package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.platform.identity.JobGrants;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.agent.Agents;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.task.Task;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Releases WAITING frames of one pool into Kafka, no more than the pool can start now:
 * the free slots its live agents report minus the frames released but not started yet.
 * The backlog stays here, so priority, pause and cancel act on everything not yet released.
 * Every job carries a signed grant scoped to its task's scene and result prefix: all the file
 * access the agent holding it gets.
 */
@ApplicationScoped
public class FrameRelease {

    private final Pool pool;
    private final Agents agents;
    private final Tasks tasks;
    private final Outbox outbox;
    private final TaskTransitions transitions;
    private final TaskConfig config;
    private final JobGrants grants;

    public FrameRelease(Pool pool, Agents agents, Tasks tasks, Outbox outbox, TaskTransitions transitions,
            TaskConfig config, JobGrants grants) {
        this.pool = pool;
        this.agents = agents;
        this.tasks = tasks;
        this.outbox = outbox;
        this.transitions = transitions;
        this.config = config;
        this.grants = grants;
    }

    /** @return how many frames were released */
    public Uni<Integer> release(String poolName) {
        return this.pool.withTransaction(sql -> sql
                // One releaser per pool across replicas, so two never spend the same free slots.
                .preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext('yuntu.task.dispatch.' || $1)) AS mine")
                .execute(Tuple.of(poolName))
                .chain(lock -> !lock.iterator().next().getBoolean("mine")
                        ? Uni.createFrom().item(0)
                        : capacity(sql, poolName).chain(slots -> slots <= 0
                                ? Uni.createFrom().item(0)
                                : releaseUpTo(sql, poolName, Math.min(slots, config.dispatch().maxReleasePerPass())))));
    }

    private Uni<Integer> capacity(SqlClient sql, String poolName) {
        return agents.freeSlots(sql, poolName, config.agent().heartbeatTimeout())
                .chain(free -> sql.preparedQuery("""
                                SELECT count(*) AS queued FROM task.frame f JOIN task.task t ON t.id = f.task_id
                                WHERE f.status = 'DISPATCHED' AND t.pool = $1""")
                        .execute(Tuple.of(poolName))
                        .map(rows -> free - rows.iterator().next().getLong("queued").intValue()));
    }

    private Uni<Integer> releaseUpTo(SqlClient sql, String poolName, int limit) {
        // SKIP LOCKED on frames and tasks: a task being changed right now (an event, a cancel)
        // waits for the next pass instead of blocking this one, and another replica's rows are never taken.
        return sql.preparedQuery("""
                        SELECT f.id AS frame_id, f.number AS frame_number, f.attempt + 1 AS next_attempt, """
                        + Tasks.COLUMNS + """

                        FROM task.frame f JOIN task.task t ON t.id = f.task_id
                        WHERE f.status = 'WAITING' AND t.pool = $1 AND t.status IN ('QUEUED', 'TESTING', 'RENDERING')
                        ORDER BY t.priority DESC, t.created_at ASC, t.id, f.number ASC
                        LIMIT $2
                        FOR UPDATE OF f, t SKIP LOCKED""")
                .execute(Tuple.of(poolName, limit))
                .chain(rows -> {
                    Map<UUID, Task> released = new LinkedHashMap<>();
                    Map<UUID, String> grantOfTask = new LinkedHashMap<>();
                    Duration lifetime = FrameJobs.grantLifetime(config.dispatch().startTimeout(), config.frameTimeout());
                    List<Uni<Void>> writes = new ArrayList<>();
                    for (Row row : rows) {
                        Task task = released.computeIfAbsent(row.getUUID("id"), id -> Tasks.from(row));
                        String grant = grantOfTask.computeIfAbsent(task.id(),
                                id -> grants.sign(FrameJobs.grantOf(task), lifetime));
                        writes.add(dispatch(sql, task, row.getUUID("frame_id"), row.getInteger("frame_number"),
                                row.getInteger("next_attempt"), grant));
                    }
                    if (writes.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    int count = writes.size();
                    return Multi.createFrom().iterable(writes).onItem().transformToUniAndConcatenate(w -> w).collect().last()
                            .chain(() -> Multi.createFrom().iterable(released.values())
                                    .onItem().transformToUniAndConcatenate(task -> started(sql, task))
                                    .collect().last())
                            .replaceWith(count);
                });
    }

    private Uni<Void> dispatch(SqlClient sql, Task task, UUID frameId, int number, int attempt, String grant) {
        return sql.preparedQuery("""
                        UPDATE task.frame SET status = 'DISPATCHED', attempt = $2, dispatched_at = now(), agent_id = NULL,
                            started_at = NULL, finished_at = NULL, percent = NULL
                        WHERE id = $1""")
                .execute(Tuple.of(frameId, attempt))
                .chain(() -> outbox.append(sql, Topics.frameJobs(task.pool()), task.id().toString(),
                        FrameJobs.of(task, frameId, number, attempt, config.frameTimeout(), grant)));
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
