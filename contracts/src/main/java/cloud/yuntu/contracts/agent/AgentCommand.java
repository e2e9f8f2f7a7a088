package cloud.yuntu.contracts.agent;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * An order to one agent on {@code farm.agent-commands}, key agentId.
 *
 * @param taskId and {@code frameId} name the frame for {@link Command#CANCEL_FRAME}; null otherwise
 * @param attempt the frame's attempt to cancel: another attempt of the same frame on the agent (released
 *        again after a pause, say) keeps rendering; 0 (or absent on the wire) for any attempt
 * @param fencingToken the {@link cloud.yuntu.contracts.frame.FencingToken} of the job delivery to cancel: a run of a
 *        later delivery of the attempt (the share group gave the job back to this agent after taking it away) keeps
 *        rendering, so a late cancel of the delivery it replaced cannot stop it; null (or absent) for any delivery
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(AgentCommand.TYPE)
public record AgentCommand(UUID id, Instant time, String agentId, Command command, UUID taskId, UUID frameId,
        int attempt, Long fencingToken) implements FarmEvent {

    public static final String TYPE = "agent.command.v1";

    /** A command for any delivery: DRAIN and RESUME, or a cancel of every delivery of the attempt. */
    public AgentCommand(UUID id, Instant time, String agentId, Command command, UUID taskId, UUID frameId, int attempt) {
        this(id, time, agentId, command, taskId, frameId, attempt, null);
    }

    /** Whether a CANCEL_FRAME reaches a run of the delivery with {@code runToken} (null when the run's is unknown). */
    public boolean cancels(Long runToken) {
        return fencingToken == null || runToken == null || runToken <= fencingToken;
    }

    public enum Command {
        CANCEL_FRAME, DRAIN, RESUME
    }
}
