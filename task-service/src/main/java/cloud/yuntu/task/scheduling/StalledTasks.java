package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentHeartbeat.AgentState;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.task.SqlTime;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.agent.DesiredState;
import cloud.yuntu.task.lifecycle.OwnerNotices;
import cloud.yuntu.task.outbox.Outbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Tasks whose frames no live agent can take: a lane (the task's pool and a layer's renderer) with
 * WAITING frames of a task that may render, while no live agent of the pool (ACTIVE, not drained by an
 * operator, with a fresh heartbeat) reports the renderer (the only agent died or is drained, or none has
 * the renderer). The one writer of {@code task.task_stall}.
 *
 * <p>Each dispatcher pass notes such lanes ({@code since}: when first seen) and forgets lanes that
 * have a live agent again or no waiting frame any more (released, cancelled, paused, the task
 * deleted). A lane so for {@code yuntu.task.dispatch.stall-after} is a stall: announced once to
 * the task's owner on {@code farm.notifications} (through the outbox, in the transaction that
 * marks it announced), logged as a warning, counted by the gauge {@code yuntu.tasks.stalled},
 * shown as the task's {@code waiting} and listed for operators by {@code GET /api/agents}. Should
 * it come back later, it is a new stall, announced again.
 */
@ApplicationScoped
public class StalledTasks {

    private static final Logger LOG = Logger.getLogger(StalledTasks.class);

    /** Passes of replicas take turns, so each stall is announced once. */
    private static final long LOCK = 0x7975_6e74_7502L;

    private final Pool pool;
    private final Outbox outbox;
    private final TaskConfig config;
    private final AtomicInteger stalled = new AtomicInteger();

    public StalledTasks(Pool pool, Outbox outbox, TaskConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
        Gauge.builder("yuntu.tasks.stalled", stalled, AtomicInteger::get)
                .description("Tasks with waiting frames that no live agent can take for longer than "
                        + "yuntu.task.dispatch.stall-after (as of the last dispatcher pass)")
                .register(registry);
    }

    /** Why a task waits: every stalled lane's reason, and since when the first one waits. */
    public record Waiting(String reason, Instant since) {
    }

    /** A stall as operators see it. */
    public record Stall(UUID taskId, String userId, String pool, String renderer, String reason, Instant since,
            Instant announcedAt) {
    }

    /** One pass: notes and forgets lanes without agents, announces the stalls. */
    public Uni<Void> check() {
        return pool.withTransaction(sql -> sql.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS mine")
                .execute(Tuple.of(LOCK))
                .chain(lock -> !lock.iterator().next().getBoolean("mine")
                        ? Uni.createFrom().voidItem()
                        : agentless(sql)
                                .chain(lanes -> lockTasks(sql, lanes).chain(mine -> {
                                    List<Row> ours = lanes.stream().filter(r -> mine.contains(r.getUUID("task_id"))).toList();
                                    UUID[] ids = mine.toArray(UUID[]::new);
                                    return forgetOthers(sql, ours, ids).chain(() -> note(sql, ours))
                                            .chain(() -> announce(sql, ids));
                                }))
                                .chain(() -> count(sql))));
    }

    /**
     * Takes the rows of the tasks this pass will write stalls of (those with agentless lanes or a stall
     * noted), in the order every change of a task takes its locks: the task first, then its rows. A
     * task being changed right now (a delete cascading to its stalls, a cancel) is skipped until the
     * next pass; waiting for it instead while holding its stall rows would deadlock with the delete.
     */
    private static Uni<Set<UUID>> lockTasks(SqlClient sql, List<Row> lanes) {
        return sql.preparedQuery("""
                        SELECT t.id FROM task.task t
                        WHERE t.id = ANY ($1) OR t.id IN (SELECT s.task_id FROM task.task_stall s)
                        ORDER BY t.id
                        FOR KEY SHARE OF t SKIP LOCKED""")
                .execute(Tuple.of(lanes.stream().map(r -> r.getUUID("task_id")).distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }

    /** Lanes with waiting frames of tasks that may render and no live agent for them, with the reason. */
    private Uni<List<Row>> agentless(SqlClient sql) {
        return sql.preparedQuery("""
                        WITH waiting AS (
                            SELECT DISTINCT t.id AS task_id, t.pool, l.renderer
                            FROM task.task t JOIN task.task_layer l ON l.task_id = t.id
                            WHERE t.status = ANY ($1)
                              AND EXISTS (SELECT 1 FROM task.frame f
                                          WHERE f.task_id = t.id AND f.layer = l.name AND f.status = $2)),
                        live AS (
                            -- Live as the release counts agents: one an operator drains takes no new frame.
                            SELECT a.pools, a.renderers FROM task.agent a
                            WHERE a.state = $3 AND a.desired_state = $5 AND a.heartbeat_at > now() - make_interval(secs => $4))
                        SELECT w.task_id, w.pool, w.renderer,
                            EXISTS (SELECT 1 FROM live a WHERE w.pool = ANY (a.pools)) AS pool_alive
                        FROM waiting w
                        WHERE NOT EXISTS (SELECT 1 FROM live a WHERE w.pool = ANY (a.pools)
                            AND a.renderers @> jsonb_build_array(jsonb_build_object('renderer', w.renderer)))""")
                .execute(Tuple.of(WaitingLanes.RELEASABLE, FrameStatus.WAITING.name(), AgentState.ACTIVE.name(),
                        config.agent().heartbeatTimeout().toMillis() / 1000.0, DesiredState.ACTIVE.name()))
                .map(rows -> {
                    List<Row> lanes = new ArrayList<>(rows.size());
                    rows.forEach(lanes::add);
                    return lanes;
                });
    }

    private static Uni<Void> forgetOthers(SqlClient sql, List<Row> lanes, UUID[] lockedTasks) {
        return sql.preparedQuery("""
                        DELETE FROM task.task_stall s
                        WHERE s.task_id = ANY ($4) AND (s.task_id, s.pool, s.renderer) NOT IN (
                            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]))
                        RETURNING s.task_id, s.pool, s.renderer, s.announced_at""")
                .execute(Tuple.of(lanes.stream().map(r -> r.getUUID("task_id")).toArray(UUID[]::new),
                        lanes.stream().map(r -> r.getString("pool")).toArray(String[]::new),
                        lanes.stream().map(r -> r.getString("renderer")).toArray(String[]::new), lockedTasks))
                .invoke(rows -> rows.forEach(r -> {
                    if (r.getOffsetDateTime("announced_at") != null) {
                        LOG.infof("Task %s: pool %s has a live agent with %s again, or its frames no longer wait",
                                r.getUUID("task_id"), r.getString("pool"), r.getString("renderer"));
                    }
                }))
                .replaceWithVoid();
    }

    private static Uni<Void> note(SqlClient sql, List<Row> lanes) {
        if (lanes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("""
                        INSERT INTO task.task_stall (task_id, pool, renderer, reason, since)
                        SELECT l.task_id, l.pool, l.renderer, l.reason, now()
                        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS l(task_id, pool, renderer, reason)
                        -- A task deleted since the lanes were read is skipped, not a foreign-key failure of the pass.
                        JOIN task.task t ON t.id = l.task_id
                        ON CONFLICT (task_id, pool, renderer) DO UPDATE SET reason = excluded.reason""")
                .execute(Tuple.of(lanes.stream().map(r -> r.getUUID("task_id")).toArray(UUID[]::new),
                        lanes.stream().map(r -> r.getString("pool")).toArray(String[]::new),
                        lanes.stream().map(r -> r.getString("renderer")).toArray(String[]::new),
                        lanes.stream().map(StalledTasks::reason).toArray(String[]::new)))
                .replaceWithVoid();
    }

    static String reason(Row lane) {
        return reason(lane.getString("pool"), lane.getString("renderer"), lane.getBoolean("pool_alive"));
    }

    /** What the user and operators read; names only the pool and renderer, nothing of other users. */
    static String reason(String pool, String renderer, boolean poolAlive) {
        return poolAlive
                ? "no live agent of pool " + pool + " has renderer " + renderer
                : "no live agent in pool " + pool + " (frames for " + renderer + " wait)";
    }

    private Uni<Void> announce(SqlClient sql, UUID[] lockedTasks) {
        return sql.preparedQuery("""
                        UPDATE task.task_stall s SET announced_at = now()
                        FROM task.task t
                        WHERE t.id = s.task_id AND s.task_id = ANY ($2) AND s.announced_at IS NULL
                          AND s.since <= now() - make_interval(secs => $1)
                        RETURNING s.task_id, t.user_id, s.pool, s.renderer, s.reason, s.since""")
                .execute(Tuple.of(config.dispatch().stallAfter().toMillis() / 1000.0, lockedTasks))
                .chain(rows -> {
                    List<Uni<Void>> notices = new ArrayList<>();
                    for (Row r : rows) {
                        UUID taskId = r.getUUID("task_id");
                        String userId = r.getString("user_id");
                        Instant since = SqlTime.instant(r.getOffsetDateTime("since"));
                        String reason = r.getString("reason");
                        LOG.warnf("Task %s of %s waits: %s, since %s", taskId, userId, reason, since);
                        Notification notice = OwnerNotices.stalled(taskId, userId, reason, since, Instant.now());
                        notices.add(outbox.append(sql, Topics.NOTIFICATIONS, userId, notice));
                    }
                    return notices.isEmpty() ? Uni.createFrom().voidItem()
                            : Multi.createFrom().iterable(notices).onItem().transformToUniAndConcatenate(u -> u)
                                    .collect().last().replaceWithVoid();
                });
    }

    private Uni<Void> count(SqlClient sql) {
        return sql.query("SELECT count(DISTINCT task_id) AS stalled FROM task.task_stall WHERE announced_at IS NOT NULL")
                .execute()
                .invoke(rows -> stalled.set(rows.iterator().next().getLong("stalled").intValue()))
                .replaceWithVoid();
    }

    /** Why the task waits, once a lane of it is stalled. */
    public Uni<Optional<Waiting>> waiting(SqlClient sql, UUID taskId) {
        return waiting(sql, List.of(taskId)).map(all -> Optional.ofNullable(all.get(taskId)));
    }

    /** Why each of these tasks waits, for those that have a stalled lane. */
    public Uni<Map<UUID, Waiting>> waiting(SqlClient sql, List<UUID> taskIds) {
        return sql.preparedQuery("""
                        SELECT task_id, reason, since FROM task.task_stall
                        WHERE task_id = ANY ($1) AND announced_at IS NOT NULL
                        ORDER BY task_id, since, renderer""")
                .execute(Tuple.of(taskIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<Row>> byTask = new HashMap<>();
                    rows.forEach(r -> byTask.computeIfAbsent(r.getUUID("task_id"), id -> new ArrayList<>()).add(r));
                    Map<UUID, Waiting> waiting = new HashMap<>();
                    byTask.forEach((id, lanes) -> waiting.put(id, new Waiting(
                            lanes.stream().map(r -> r.getString("reason")).collect(Collectors.joining("; ")),
                            SqlTime.instant(lanes.getFirst().getOffsetDateTime("since")))));
                    return waiting;
                });
    }

    /** Every stall, oldest first, for operators. */
    public Uni<List<Stall>> all(SqlClient sql) {
        return sql.query("""
                        SELECT s.task_id, t.user_id, s.pool, s.renderer, s.reason, s.since, s.announced_at
                        FROM task.task_stall s JOIN task.task t ON t.id = s.task_id
                        WHERE s.announced_at IS NOT NULL
                        ORDER BY s.since, s.task_id, s.renderer""")
                .execute()
                .map(rows -> {
                    List<Stall> stalls = new ArrayList<>(rows.size());
                    rows.forEach(r -> stalls.add(new Stall(r.getUUID("task_id"), r.getString("user_id"), r.getString("pool"),
                            r.getString("renderer"), r.getString("reason"), SqlTime.instant(r.getOffsetDateTime("since")),
                            SqlTime.instant(r.getOffsetDateTime("announced_at")))));
                    return stalls;
                });
    }
}
