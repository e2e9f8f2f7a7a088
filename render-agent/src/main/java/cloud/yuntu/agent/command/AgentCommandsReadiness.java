package cloud.yuntu.agent.command;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the command consumer owns its partitions, so a cancel sent now is not missed. */
@Readiness
@ApplicationScoped
public class AgentCommandsReadiness implements HealthCheck {

    private final AgentCommands commands;

    AgentCommandsReadiness(AgentCommands commands) {
        this.commands = commands;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("agent-commands").status(commands.ready()).build();
    }
}
