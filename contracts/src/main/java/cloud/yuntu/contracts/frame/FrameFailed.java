package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * @param exitCode the renderer's exit code, null when it never ran or was killed
 * @param retryable false when another attempt cannot succeed (bad scene, missing plug-in)
 */
@JsonTypeName("frame.failed.v1")
public record FrameFailed(
        UUID id,
        Instant time,
        UUID taskId,
        UUID frameId,
        int attempt,
        String agentId,
        Integer exitCode,
        String reason,
        List<String> logTail,
        boolean retryable) implements FrameEvent {

    public FrameFailed {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }
}
