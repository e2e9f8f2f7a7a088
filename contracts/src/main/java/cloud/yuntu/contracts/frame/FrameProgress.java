package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * @param percent 0..100 of the job, as the renderer reports it
 * @param fencingToken see {@link FrameEvent#fencingToken()}; null when unknown
 */
@JsonTypeName("frame.progress.v1")
public record FrameProgress(
        UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId, double percent, Long fencingToken)
        implements FrameEvent {

    /** Progress without a fencing token, as agents reported before tokens existed. */
    public FrameProgress(UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId, double percent) {
        this(id, time, taskId, frameId, attempt, agentId, percent, null);
    }
}
