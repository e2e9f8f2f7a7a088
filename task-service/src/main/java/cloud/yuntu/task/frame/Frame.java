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
 * @param attempt 0 until first released; every release increments it, so a report of an earlier
 *        release is recognisably stale
 * @param failures attempts that failed since the frame was last retried: what {@code maxAttempts} caps.
 *        An attempt taken back (a pause, a blocklisted agent) is no failure
 * @param test a test frame: it renders before the task's other frames
 * @param chunkStart the number of the first frame of the frame's chunk, whose row the chunk's job reports on
 * @param lastError why the latest attempt failed or was taken back, null if none did
 * @param fencingToken the {@link cloud.yuntu.contracts.frame.FencingToken} of the job delivery that holds the frame,
 *        as its reports carried it (see {@link Fencing}); null when none is known. Kept when the frame leaves flight:
 *        a token names its attempt, so one of an earlier attempt holds nothing of the next
 */
public record Frame(
        UUID id,
        UUID taskId,
        String layer,
        int number,
        FrameStatus status,
        int attempt,
        int failures,
        boolean test,
        int chunkStart,
        String agentId,
        Instant dispatchedAt,
        Instant startedAt,
        Instant finishedAt,
        Double seconds,
        Long peakMemoryBytes,
        Double percent,
        List<FrameOutput> outputs,
        String lastError,
        Long fencingToken) {

    public Frame {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** Released to an agent's queue or rendering: the states agents' reports apply to. */
    public boolean inFlight() {
        return status == FrameStatus.DISPATCHED || status == FrameStatus.RUNNING;
    }

    /** The frame whose row its chunk's job names (every frame of an unchunked task). */
    public boolean leadsChunk() {
        return number == chunkStart;
    }

    public Frame running(String agent, Instant at) {
        return new Frame(id, taskId, layer, number, FrameStatus.RUNNING, attempt, failures, test, chunkStart, agent,
                dispatchedAt, at, null, null, null, percent, List.of(), lastError, fencingToken);
    }

    public Frame progressed(String agent, double newPercent) {
        return new Frame(id, taskId, layer, number, FrameStatus.RUNNING, attempt, failures, test, chunkStart, agent,
                dispatchedAt, startedAt, null, null, null, newPercent, List.of(), lastError, fencingToken);
    }

    public Frame succeeded(String agent, Instant at, double renderSeconds, long peakMemory, List<FrameOutput> made) {
        return new Frame(id, taskId, layer, number, FrameStatus.SUCCEEDED, attempt, failures, test, chunkStart, agent,
                dispatchedAt, startedAt, at, renderSeconds, peakMemory, 100.0, made, lastError, fencingToken);
    }

    /**
     * The attempt failed or was lost: one more failure. FAILED is only a passing state: the frame goes
     * straight back to WAITING for another attempt, or to DEAD once {@code maxAttempts} attempts failed
     * or another attempt cannot help.
     */
    public Frame failed(String reason, boolean retryable, int maxAttempts, Instant at) {
        int failed = failures + 1;
        boolean again = retryable && failed < maxAttempts;
        return new Frame(id, taskId, layer, number, again ? FrameStatus.WAITING : FrameStatus.DEAD, attempt, failed, test,
                chunkStart, again ? null : agentId, dispatchedAt, again ? null : startedAt, again ? null : at, null, null,
                null, List.of(), reason, fencingToken);
    }

    /**
     * The attempt is taken back without being its fault (the task paused, the agent is blocklisted for
     * the task): WAITING again, no failure counted. A report of this attempt is stale from now on, since
     * the next release is a new attempt.
     */
    public Frame takenBack(String why) {
        return new Frame(id, taskId, layer, number, FrameStatus.WAITING, attempt, failures, test, chunkStart, null,
                dispatchedAt, null, null, null, null, null, List.of(), why, fencingToken);
    }

    /**
     * Another delivery of the attempt took the frame over: RUNNING on {@code agent} from {@code at}, its renderer's
     * percentage not yet known.
     */
    public Frame takenOver(String agent, Instant at) {
        return new Frame(id, taskId, layer, number, FrameStatus.RUNNING, attempt, failures, test, chunkStart, agent,
                dispatchedAt, at, null, null, null, null, List.of(), lastError, fencingToken);
    }

    /** The frame held by the delivery of {@code token} from now on; unchanged for a report without one. */
    public Frame heldBy(Long token) {
        if (token == null) {
            return this;
        }
        return new Frame(id, taskId, layer, number, status, attempt, failures, test, chunkStart, agentId, dispatchedAt,
                startedAt, finishedAt, seconds, peakMemoryBytes, percent, outputs, lastError, token);
    }
}
