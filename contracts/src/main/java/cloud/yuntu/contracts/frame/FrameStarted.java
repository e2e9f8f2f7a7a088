package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

@JsonTypeName("frame.started.v1")
public record FrameStarted(
        UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId, String host)
        implements FrameEvent {
}
