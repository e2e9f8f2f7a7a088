package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.agent.AgentCommand.Command;
import cloud.yuntu.contracts.agent.AgentHeartbeat.AgentState;
import java.util.Optional;

/**
 * What operators want of an agent, kept by task-service: the agent only learns it from a command on
 * {@code farm.agent-commands}, which it may miss (offset reset {@code latest} while it was down).
 */
public enum DesiredState {
    /** Takes jobs (every agent until an operator drains it). */
    ACTIVE,
    /** Finishes the frames it renders and takes no more. */
    DRAINING;

    /** The command that tells the agent so. */
    public Command command() {
        return this == DRAINING ? Command.DRAIN : Command.RESUME;
    }

    /**
     * The command to send again when the agent's heartbeat reports otherwise: it missed the last one.
     * A stopping agent is left alone; it asks nothing of the farm any more.
     */
    public Optional<Command> correction(AgentState reported) {
        boolean agrees = switch (reported) {
            case ACTIVE -> this == ACTIVE;
            case DRAINING -> this == DRAINING;
            case STOPPED -> true;
        };
        return agrees ? Optional.empty() : Optional.of(command());
    }
}
