package cloud.yuntu.task.frame;

import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A frame row: its status and the attempt last released. Agents report against an attempt;
 * only reports of the current one move the frame.
 *
 * @param layer the name of the task's layer the frame renders ({@code task_layer.name})
 * @param attempt 0 until first released; the release of a frame increments it
 * @param lastError why the latest attempt failed or was taken back, null if none did
 */
public record Frame(
        UUID id,
        UUID taskId,
        String layer,
        int number,
        FrameStatus status,
        int attempt,
        String agentId,
        Instant dispatchedAt,
        Instant startedAt,
        Instant finishedAt,
        Double seconds,
        Long peakMemoryBytes,
        Double percent,
        List<FrameOutput> outputs,
        String lastError) {

    public Frame {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** Released to an agent's queue or rendering: the states agents' reports apply to. */
    public boolean inFlight() {
        return status == FrameStatus.DISPATCHED || status == FrameStatus.RUNNING;
    }

    public Frame running(String agent, Instant at) {
        return new Frame(id, taskId, layer, number, FrameStatus.RUNNING, attempt, agent, dispatchedAt, at, null, null, null,
                percent, List.of(), lastError);
    }

    public Frame progressed(String agent, double newPercent) {
        return new Frame(id, taskId, layer, number, FrameStatus.RUNNING, attempt, agent, dispatchedAt, startedAt, null,
                null, null, newPercent, List.of(), lastError);
    }

    public Frame succeeded(String agent, Instant at, double renderSeconds, long peakMemory, List<FrameOutput> made) {
        return new Frame(id, taskId, layer, number, FrameStatus.SUCCEEDED, attempt, agent, dispatchedAt, startedAt, at,
                renderSeconds, peakMemory, 100.0, made, lastError);
    }

    /**
     * The attempt failed or was lost. FAILED is only a passing state: the frame goes straight back
     * to WAITING for another attempt, or to DEAD once {@code maxAttempts} were spent or another
     * attempt cannot help.
     */
    public Frame failed(String reason, boolean retryable, int maxAttempts, Instant at) {
        boolean again = retryable && attempt < maxAttempts;
        return new Frame(id, taskId, layer, number, again ? FrameStatus.WAITING : FrameStatus.DEAD, attempt,
                again ? null : agentId, dispatchedAt, again ? null : startedAt, again ? null : at, null, null, null,
                List.of(), reason);
    }
}
