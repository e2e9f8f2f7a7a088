package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.task.SqlTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/** The agent registry, as the agents' heartbeats describe them. */
@ApplicationScoped
public class Agents {

    /**
     * Applies a heartbeat unless a newer one was applied already: heartbeats of one agent share a
     * partition, but a redelivery after a rebalance may bring an old one back.
     */
    public Uni<Void> record(SqlClient sql, AgentHeartbeat hb) {
        return sql.preparedQuery("""
                        INSERT INTO task.agent (id, host, pools, cores, ram_bytes, slots_total, slots_free,
                            running_frames, state, heartbeat_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (id) DO UPDATE SET host = excluded.host, pools = excluded.pools,
                            cores = excluded.cores, ram_bytes = excluded.ram_bytes,
                            slots_total = excluded.slots_total, slots_free = excluded.slots_free,
                            running_frames = excluded.running_frames, state = excluded.state,
                            heartbeat_at = excluded.heartbeat_at
                        WHERE task.agent.heartbeat_at <= excluded.heartbeat_at""")
                .execute(Tuple.from(new Object[] {hb.agentId(), hb.host(), hb.pools().toArray(String[]::new),
                        hb.cores(), hb.ramBytes(), hb.slotsTotal(), hb.slotsFree(),
                        hb.runningFrames().toArray(UUID[]::new), hb.state().name(), SqlTime.of(hb.time())}))
                .replaceWithVoid();
    }

    /** A tombstone on the compacted topic: the agent is gone for good. */
    public Uni<Void> forget(SqlClient sql, String agentId) {
        return sql.preparedQuery("DELETE FROM task.agent WHERE id = $1").execute(Tuple.of(agentId)).replaceWithVoid();
    }

    /**
     * Slots the pool's live agents report free. A frame that started after an agent's newest
     * heartbeat (not in its {@code running_frames} yet) already took one of the slots it reports,
     * so it is taken off: otherwise every fast start would be released twice. Only ACTIVE agents
     * count; a DRAINING agent takes no new work and a STOPPED one left.
     */
    public Uni<Integer> freeSlots(SqlClient sql, String pool, Duration heartbeatTimeout) {
        return sql.preparedQuery("""
                        SELECT coalesce(sum(greatest(0, a.slots_free - (
                            SELECT count(*) FROM task.frame f
                            WHERE f.agent_id = a.id AND f.status = 'RUNNING' AND NOT (f.id = ANY (a.running_frames))))), 0)
                            AS free
                        FROM task.agent a
                        WHERE a.state = 'ACTIVE' AND $1 = ANY (a.pools)
                          AND a.heartbeat_at > now() - make_interval(secs => $2)""")
                .execute(Tuple.of(pool, heartbeatTimeout.toMillis() / 1000.0))
                .map(rows -> rows.iterator().next().getLong("free").intValue());
    }
}
