package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.agent.AgentHeartbeat.AgentState;
import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import cloud.yuntu.contracts.agent.AgentHeartbeat.RendererVersion;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.task.SqlTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The agent registry, as the agents' heartbeats describe them; the one writer of {@code task.agent}. */
@ApplicationScoped
public class Agents {

    private static final TypeReference<List<RendererVersion>> RENDERERS = new TypeReference<>() {
    };
    private static final TypeReference<List<Gpu>> GPUS = new TypeReference<>() {
    };

    /**
     * An agent's free slots as of now, not as of its newest heartbeat: what it reported, less the
     * frames that started on it since (not in its {@code running_frames} yet: otherwise every fast
     * start would be released twice), plus the frames it reported running that have ended since
     * (neither RUNNING on it nor DISPATCHED, whose start is still on its way: otherwise a slot freed
     * by a finished frame would wait for the next heartbeat, seconds, before it gets a job), never
     * more than it has. Statements using it bind $3 to RUNNING and $4 to ACTIVE. The frames RUNNING on the agent are
     * named by a literal status: the partial index of running frames by agent (changeset 25) then serves every plan,
     * a cached generic one too, and the count reads the agent's few frames instead of every frame in flight. A frame this service took
     * back but the agent still stops may be counted free a moment early; its job then waits in the
     * lane for the next slot, which is harmless.
     */
    private static final String FREE_SLOTS = "least(a.slots_total, greatest(0, a.slots_free"
            + " - (SELECT count(*) FROM task.frame f WHERE f.agent_id = a.id AND f.status = '" + FrameStatus.RUNNING.name()
            + "' AND f.number = f.chunk_start AND NOT (f.id = ANY (a.running_frames)))"
            + " + (SELECT count(*) FROM task.frame f WHERE f.id = ANY (a.running_frames) AND f.status <> '"
            + FrameStatus.DISPATCHED.name() + "' AND NOT (f.status = $3 AND f.agent_id IS NOT DISTINCT FROM a.id))))";

    /**
     * Only ACTIVE agents with a fresh heartbeat that no operator drains count: a DRAINING agent takes no
     * new work and a STOPPED one left. The desired state counts at once, before the agent confirms it.
     */
    private static final String LIVE = "a.state = $4 AND a.desired_state = '" + DesiredState.ACTIVE.name()
            + "' AND a.heartbeat_at > now() - make_interval(secs => $2)";

    /**
     * What applying a heartbeat found.
     *
     * @param desired what operators want of the agent
     * @param moreRoom the agent may take jobs it could not before: it is new, came back after its heartbeat
     *        went stale, changed state, or reports more free slots than its previous heartbeat
     */
    public record Recorded(DesiredState desired, boolean moreRoom) {
    }

    /**
     * Applies a heartbeat unless a newer one was applied already: heartbeats of one agent share a
     * partition, but a redelivery after a rebalance may bring an old one back.
     *
     * @return what it found when the heartbeat was applied; empty when it was an old one
     */
    public Uni<Optional<Recorded>> record(SqlClient sql, AgentHeartbeat hb, Duration heartbeatTimeout) {
        return recordAll(sql, List.of(hb), heartbeatTimeout).map(List::getFirst);
    }

    /**
     * {@link #record} for several heartbeats in one batch of statements (one round trip), applied in their order.
     *
     * @return what each found, in the heartbeats' order
     */
    public Uni<List<Optional<Recorded>>> recordAll(SqlClient sql, List<AgentHeartbeat> heartbeats, Duration heartbeatTimeout) {
        List<Tuple> rows = heartbeats.stream().map(hb -> Tuple.from(new Object[] {hb.agentId(), hb.host(),
                hb.pools().toArray(String[]::new), hb.cores(), hb.ramBytes(), hb.slotsTotal(), hb.slotsFree(),
                hb.runningFrames().toArray(UUID[]::new), hb.state().name(), SqlTime.of(hb.time()),
                json(hb.renderers()), json(hb.gpus()), seconds(heartbeatTimeout)})).toList();
        return sql.preparedQuery("""
                        WITH before AS (SELECT slots_free, state, heartbeat_at FROM task.agent WHERE id = $1)
                        INSERT INTO task.agent (id, host, pools, cores, ram_bytes, slots_total, slots_free,
                            running_frames, state, heartbeat_at, renderers, gpus)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12::text::jsonb)
                        ON CONFLICT (id) DO UPDATE SET host = excluded.host, pools = excluded.pools,
                            cores = excluded.cores, ram_bytes = excluded.ram_bytes,
                            slots_total = excluded.slots_total, slots_free = excluded.slots_free,
                            running_frames = excluded.running_frames, state = excluded.state,
                            heartbeat_at = excluded.heartbeat_at, renderers = excluded.renderers, gpus = excluded.gpus
                        WHERE task.agent.heartbeat_at <= excluded.heartbeat_at
                        RETURNING desired_state, coalesce((SELECT b.state <> task.agent.state
                                OR b.slots_free < task.agent.slots_free
                                OR b.heartbeat_at < now() - make_interval(secs => $13) FROM before b), true) AS more_room""")
                .executeBatch(rows)
                .map(first -> {
                    List<Optional<Recorded>> found = new ArrayList<>(rows.size());
                    for (RowSet<Row> each = first; each != null; each = each.next()) {
                        if (each.size() == 0) {
                            found.add(Optional.empty());
                        } else {
                            Row row = each.iterator().next();
                            found.add(Optional.of(new Recorded(DesiredState.valueOf(row.getString("desired_state")),
                                    row.getBoolean("more_room"))));
                        }
                    }
                    return found;
                });
    }

    /**
     * Records what operators want of the agent.
     *
     * @return whether it changed; empty when no heartbeat of the agent was ever heard
     */
    public Uni<Optional<Boolean>> desire(SqlClient sql, String agentId, DesiredState desired) {
        return sql.preparedQuery("""
                        UPDATE task.agent a SET desired_state = $2
                        FROM (SELECT id, desired_state FROM task.agent WHERE id = $1 FOR UPDATE) before
                        WHERE a.id = before.id
                        RETURNING before.desired_state <> $2 AS changed""")
                .execute(Tuple.of(agentId, desired.name()))
                .map(rows -> rows.size() == 0 ? Optional.<Boolean>empty()
                        : Optional.of(rows.iterator().next().getBoolean("changed")));
    }

    /** A tombstone on the compacted topic: the agent is gone for good. */
    public Uni<Void> forget(SqlClient sql, String agentId) {
        return sql.preparedQuery("DELETE FROM task.agent WHERE id = $1").execute(Tuple.of(agentId)).replaceWithVoid();
    }

    /**
     * Slots the pool's live agents report free, whatever their renderers (for the ETA); an agent that other pools
     * share counts with its part of them ({@link SharedSlots#free}).
     */
    public Uni<Integer> freeSlots(SqlClient sql, String pool, Duration heartbeatTimeout) {
        return serving(sql, pool, heartbeatTimeout).map(SharedSlots::free);
    }

    /**
     * Slots of the pool's live agents, busy or free: how many frames the pool renders at once (for estimates); an
     * agent that other pools share counts with its part of them ({@link SharedSlots#total}).
     */
    public Uni<Integer> totalSlots(SqlClient sql, String pool, Duration heartbeatTimeout) {
        return serving(sql, pool, heartbeatTimeout).map(SharedSlots::total);
    }

    /** The pool's live agents with their pools, renderers and free slots (for the blocklist's "others"). */
    public Uni<List<LiveAgent>> live(SqlClient sql, String pool, Duration heartbeatTimeout) {
        return liveIn(sql, pool, heartbeatTimeout);
    }

    /**
     * Every live agent of every pool, each once with all the pools it serves: one agent's free slots
     * are one budget, whichever pool's lane spends them.
     */
    public Uni<List<LiveAgent>> live(SqlClient sql, Duration heartbeatTimeout) {
        return liveIn(sql, null, heartbeatTimeout);
    }

    /** Live agents of {@code pool}, or of every pool when it is null. */
    private static Uni<List<LiveAgent>> liveIn(SqlClient sql, String pool, Duration heartbeatTimeout) {
        return sql.preparedQuery("SELECT a.id, a.pools, ARRAY(SELECT r ->> 'renderer' FROM jsonb_array_elements(a.renderers) r) "
                        + "AS renderer_names, " + FREE_SLOTS + " AS free FROM task.agent a "
                        + "WHERE ($1::text IS NULL OR $1 = ANY (a.pools)) AND " + LIVE + " ORDER BY a.id")
                .execute(Tuple.of(pool, seconds(heartbeatTimeout), FrameStatus.RUNNING.name(), AgentState.ACTIVE.name()))
                .map(Agents::liveAgents);
    }

    private static List<LiveAgent> liveAgents(RowSet<Row> rows) {
        List<LiveAgent> live = new ArrayList<>(rows.size());
        rows.forEach(r -> live.add(new LiveAgent(r.getString("id"), new HashSet<>(Arrays.asList(r.getArrayOfStrings("pools"))),
                new HashSet<>(Arrays.asList(r.getArrayOfStrings("renderer_names"))), r.getLong("free").intValue())));
        return live;
    }

    /** Every (pool, renderer) some agent in the registry reports, whether live or not. */
    public Uni<List<Lane>> lanes(SqlClient sql) {
        return sql.query("""
                        SELECT DISTINCT p.pool, r ->> 'renderer' AS renderer
                        FROM task.agent a, unnest(a.pools) AS p(pool), jsonb_array_elements(a.renderers) AS r
                        WHERE r ->> 'renderer' IS NOT NULL
                        ORDER BY 1, 2""")
                .execute()
                .map(rows -> {
                    List<Lane> lanes = new ArrayList<>(rows.size());
                    rows.forEach(r -> lanes.add(new Lane(r.getString("pool"), r.getString("renderer"))));
                    return lanes;
                });
    }

    /** Tasks whose waiting frames the dispatcher releases: their pools want slots. */
    private static final String[] WANTING = {TaskStatus.QUEUED.name(), TaskStatus.TESTING.name(), TaskStatus.RENDERING.name()};

    /**
     * The pool's live agents as {@link SharedSlots} counts them: slots, free slots, and how many of each agent's other
     * pools share it now (a frame of the pool running on it, or frames of the pool released or waiting).
     */
    private static Uni<List<SharedSlots.Serving>> serving(SqlClient sql, String pool, Duration heartbeatTimeout) {
        return sql.preparedQuery("""
                        WITH wanting AS (
                            -- from the frames in flight (a small partial index), not from every task ever submitted; the
                            -- statuses are literals so that the partial indexes serve a cached generic plan too
                            SELECT t.pool FROM task.frame f JOIN task.task t ON t.id = f.task_id WHERE f.status = '%s'
                            UNION
                            SELECT t.pool FROM task.task t
                            WHERE t.status = ANY ($5) AND EXISTS (SELECT 1 FROM task.frame f WHERE f.task_id = t.id AND f.status = '%s'))
                        SELECT a.slots_total, """.formatted(FrameStatus.DISPATCHED.name(), FrameStatus.WAITING.name()) + FREE_SLOTS + """
                             AS free,
                            (SELECT count(DISTINCT o.pool) FROM unnest(a.pools) AS o(pool)
                             WHERE o.pool <> $1 AND (o.pool IN (SELECT w.pool FROM wanting w)
                                 OR EXISTS (SELECT 1 FROM task.frame f JOIN task.task t ON t.id = f.task_id
                                            WHERE f.agent_id = a.id AND f.status = '%s' AND t.pool = o.pool))) AS others
                        FROM task.agent a WHERE $1 = ANY (a.pools) AND\s""".formatted(FrameStatus.RUNNING.name()) + LIVE)
                .execute(Tuple.from(new Object[] {pool, seconds(heartbeatTimeout), FrameStatus.RUNNING.name(),
                        AgentState.ACTIVE.name(), WANTING}))
                .map(rows -> {
                    List<SharedSlots.Serving> agents = new ArrayList<>(rows.size());
                    rows.forEach(r -> agents.add(new SharedSlots.Serving(r.getInteger("slots_total"),
                            r.getLong("free").intValue(), r.getLong("others").intValue())));
                    return agents;
                });
    }

    private static final String VIEW = """
            SELECT a.id, a.host, a.pools, a.cores, a.ram_bytes, a.slots_total, a.slots_free,
                cardinality(a.running_frames) AS running, a.state, a.desired_state, a.heartbeat_at,
                a.renderers::text AS renderers, a.gpus::text AS gpus,
                a.state = $2 AND a.desired_state = $3 AND a.heartbeat_at > now() - make_interval(secs => $1) AS live
            FROM task.agent a""";

    /** Every agent in the registry, for operators. */
    public Uni<List<AgentView>> all(SqlClient sql, Duration heartbeatTimeout) {
        return sql.preparedQuery(VIEW + " ORDER BY a.id")
                .execute(Tuple.of(seconds(heartbeatTimeout), AgentState.ACTIVE.name(), DesiredState.ACTIVE.name()))
                .map(rows -> {
                    List<AgentView> agents = new ArrayList<>(rows.size());
                    rows.forEach(r -> agents.add(view(r)));
                    return agents;
                });
    }

    /** One agent of the registry, for operators; empty when no heartbeat of it was heard. */
    public Uni<Optional<AgentView>> one(SqlClient sql, String agentId, Duration heartbeatTimeout) {
        return sql.preparedQuery(VIEW + " WHERE a.id = $4")
                .execute(Tuple.of(seconds(heartbeatTimeout), AgentState.ACTIVE.name(), DesiredState.ACTIVE.name(), agentId))
                .map(rows -> rows.size() == 0 ? Optional.<AgentView>empty() : Optional.of(view(rows.iterator().next())));
    }

    private static AgentView view(Row r) {
        DesiredState desired = DesiredState.valueOf(r.getString("desired_state"));
        int running = r.getInteger("running");
        return new AgentView(r.getString("id"), r.getString("host"),
                AgentStatus.of(desired, AgentState.valueOf(r.getString("state")), running), desired,
                r.getBoolean("live"), List.of(r.getArrayOfStrings("pools")), read(r.getString("renderers"), RENDERERS),
                read(r.getString("gpus"), GPUS), r.getInteger("cores"), r.getLong("ram_bytes"), r.getInteger("slots_total"),
                r.getInteger("slots_free"), running, SqlTime.instant(r.getOffsetDateTime("heartbeat_at")));
    }

    /**
     * An agent as {@code GET /api/agents} shows it.
     *
     * @param state ACTIVE, DRAINING, DRAINED (draining and rendering nothing) or STOPPED
     * @param desiredState what operators asked of it: ACTIVE (the default) or DRAINING
     * @param live ACTIVE, not drained by an operator, with a heartbeat fresher than
     *        {@code yuntu.task.agent.heartbeat-timeout}: it gets jobs
     * @param runningFrames how many frames its newest heartbeat says it renders
     */
    public record AgentView(String id, String host, AgentStatus state, DesiredState desiredState, boolean live, List<String> pools,
            List<RendererVersion> renderers, List<Gpu> gpus, int cores, long ramBytes, int slotsTotal, int slotsFree,
            int runningFrames, Instant lastHeartbeat) {
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String json(Object value) {
        try {
            return FarmJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return FarmJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
