package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/** @param percent 0..100 of the job, as the renderer reports it */
@JsonTypeName("frame.progress.v1")
public record FrameProgress(
        UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId, double percent)
        implements FrameEvent {
}
