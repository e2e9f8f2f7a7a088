package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * @param seconds wall time of the renderer process
 * @param peakMemoryBytes peak resident memory of the renderer process, 0 where unknown
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
        long peakMemoryBytes) implements FrameEvent {

    public FrameCompleted {
        outputs = List.copyOf(outputs);
    }
}
