package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.signal.Signals;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Drains an agent or lets it take jobs again: the desired state is recorded and the command written
 * to the outbox in one transaction, so neither happens without the other. Asking for the state the
 * agent is already desired in changes nothing and sends nothing.
 */
@ApplicationScoped
public class AgentDrain {

    private final Pool pool;
    private final Agents agents;
    private final Outbox outbox;
    private final TaskConfig config;

    private final Signals signals;

    AgentDrain(Pool pool, Agents agents, Outbox outbox, TaskConfig config, Signals signals) {
        this.signals = signals;
        this.pool = pool;
        this.agents = agents;
        this.outbox = outbox;
        this.config = config;
    }

    /** @throws ProblemException 404 when no heartbeat of the agent was ever heard */
    public Uni<Agents.AgentView> desire(String agentId, DesiredState desired) {
        return pool.withTransaction(sql -> agents.desire(sql, agentId, desired)
                .chain(changed -> {
                    if (changed.isEmpty()) {
                        return Uni.createFrom().failure(unknown(agentId));
                    }
                    return (changed.get() ? command(sql, agentId, desired) : Uni.createFrom().voidItem())
                            // An agent given back to the farm takes jobs at once.
                            .call(() -> changed.get() && desired == DesiredState.ACTIVE
                                    ? signals.dispatchSoon(sql) : Uni.createFrom().voidItem())
                            .chain(() -> agents.one(sql, agentId, config.agent().heartbeatTimeout()))
                            .map(view -> view.orElseThrow(() -> unknown(agentId)));
                }));
    }

    private static ProblemException unknown(String agentId) {
        return ProblemException.notFound("no heartbeat of agent " + agentId + " was ever heard");
    }

    private Uni<Void> command(SqlClient sql, String agentId, DesiredState desired) {
        return outbox.append(sql, Topics.AGENT_COMMANDS, agentId,
                new AgentCommand(UUID.randomUUID(), Instant.now(), agentId, desired.command(), null, null, 0));
    }
}
