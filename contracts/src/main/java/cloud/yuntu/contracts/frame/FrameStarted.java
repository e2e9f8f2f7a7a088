package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/** @param fencingToken see {@link FrameEvent#fencingToken()}; null when unknown */
@JsonTypeName("frame.started.v1")
public record FrameStarted(
        UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId, String host, Long fencingToken)
        implements FrameEvent {

    /** A start without a fencing token, as agents reported before tokens existed. */
    public FrameStarted(UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId, String host) {
        this(id, time, taskId, frameId, attempt, agentId, host, null);
    }
}
