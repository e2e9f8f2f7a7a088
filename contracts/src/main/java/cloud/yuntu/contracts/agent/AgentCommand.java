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
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(AgentCommand.TYPE)
public record AgentCommand(UUID id, Instant time, String agentId, Command command, UUID taskId, UUID frameId,
        int attempt) implements FarmEvent {

    public static final String TYPE = "agent.command.v1";

    public enum Command {
        CANCEL_FRAME, DRAIN, RESUME
    }
}
