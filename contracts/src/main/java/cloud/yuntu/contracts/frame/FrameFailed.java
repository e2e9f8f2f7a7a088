package cloud.yuntu.contracts.frame;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * @param exitCode the renderer's exit code, null when it never ran or was killed
 * @param retryable false when another attempt cannot succeed (bad scene, missing plug-in)
 * @param fencingToken see {@link FrameEvent#fencingToken()}; null when unknown
 * @param handedBack the agent gives the job back unrun, for no fault of the frame or of the agent: it cannot take
 *        the job now (no free slot, draining, stopping) and its record is on the last delivery the share group
 *        allows, so releasing it to the group would have the broker archive it. task-service puts the frame back to
 *        WAITING at once, counting no failure against the frame or the agent. Sent with {@code retryable} true, so
 *        a reader that does not know the field retries the frame as after a failure; false (or absent on the wire)
 *        for every other failure
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
        boolean retryable,
        Long fencingToken,
        boolean handedBack) implements FrameEvent {

    public FrameFailed {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    /** A failure without a fencing token, as agents reported before tokens existed. */
    public FrameFailed(UUID id, Instant time, UUID taskId, UUID frameId, int attempt, String agentId, Integer exitCode,
            String reason, List<String> logTail, boolean retryable) {
        this(id, time, taskId, frameId, attempt, agentId, exitCode, reason, logTail, retryable, null, false);
    }
}
