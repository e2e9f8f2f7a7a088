package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * @param seconds wall time of the renderer process
 * @param peakMemoryBytes peak resident memory of the renderer process, 0 where unknown
 * @param fencingToken see {@link FrameEvent#fencingToken()}; null when unknown
 */
@JsonTypeName("frame.completed.v1")
public record FrameCompleted(
        UUID id,
        Instant time,
        UUID taskId,
        UUID frameId,
        int attempt,
        String agentId,
        List<FrameOutput> outputs,
        double seconds,
        long peakMemoryBytes,
        Long fencingToken) implements FrameEvent {

    public FrameCompleted {
        outputs = List.copyOf(outputs);
    }

    /** A completion without a fencing token, as agents reported before tokens existed. */
    public FrameCompleted(UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId,
            List<FrameOutput> outputs, double seconds, long peakMemoryBytes) {
        this(id, time, taskId, frameId, attempt, agentId, outputs, seconds, peakMemoryBytes, null);
    }
}
