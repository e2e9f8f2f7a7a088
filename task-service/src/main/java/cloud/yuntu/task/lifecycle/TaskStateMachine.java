package cloud.yuntu.task.lifecycle;

import static cloud.yuntu.contracts.task.TaskStatus.ANALYSING;
import static cloud.yuntu.contracts.task.TaskStatus.AWAITING_APPROVAL;
import static cloud.yuntu.contracts.task.TaskStatus.CANCELLED;
import static cloud.yuntu.contracts.task.TaskStatus.COMPLETED;
import static cloud.yuntu.contracts.task.TaskStatus.FAILED;
import static cloud.yuntu.contracts.task.TaskStatus.PAUSED;
import static cloud.yuntu.contracts.task.TaskStatus.QUEUED;
import static cloud.yuntu.contracts.task.TaskStatus.RENDERING;
import static cloud.yuntu.contracts.task.TaskStatus.SUBMITTED;
import static cloud.yuntu.contracts.task.TaskStatus.TESTING;

import cloud.yuntu.contracts.task.TaskStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The task states of ARCHITECTURE.md and the moves between them. A PAUSED task may still complete
 * or fail: a pause by its budget lets the frames in flight finish. A retry brings an ended task with
 * dead frames back to RENDERING; a cancelled one stays cancelled.
 */
public final class TaskStateMachine {

    private static final Map<TaskStatus, Set<TaskStatus>> MOVES = new EnumMap<>(TaskStatus.class);

    static {
        MOVES.put(SUBMITTED, EnumSet.of(ANALYSING, QUEUED, FAILED, CANCELLED));
        MOVES.put(ANALYSING, EnumSet.of(QUEUED, FAILED, CANCELLED));
        MOVES.put(QUEUED, EnumSet.of(TESTING, RENDERING, PAUSED, FAILED, CANCELLED));
        MOVES.put(TESTING, EnumSet.of(AWAITING_APPROVAL, RENDERING, PAUSED, COMPLETED, FAILED, CANCELLED));
        // COMPLETED/FAILED: every frame was a test frame, so the tests end the task while it awaits approval.
        MOVES.put(AWAITING_APPROVAL, EnumSet.of(RENDERING, COMPLETED, FAILED, CANCELLED));
        MOVES.put(RENDERING, EnumSet.of(PAUSED, COMPLETED, FAILED, CANCELLED));
        MOVES.put(PAUSED, EnumSet.of(QUEUED, TESTING, RENDERING, COMPLETED, FAILED, CANCELLED));
        MOVES.put(COMPLETED, EnumSet.of(RENDERING));
        MOVES.put(FAILED, EnumSet.of(RENDERING));
        MOVES.put(CANCELLED, EnumSet.noneOf(TaskStatus.class));
    }

    private TaskStateMachine() {
    }

    public static boolean allows(TaskStatus from, TaskStatus to) {
        return MOVES.get(from).contains(to);
    }

    /** Where a task goes from QUEUED once its first frames are released. */
    public static TaskStatus firstRelease(boolean hasTestFrames) {
        return hasTestFrames ? TESTING : RENDERING;
    }

    /**
     * Where a task goes once its test frames all ended.
     *
     * @param aTestFrameDied one of them died (after its attempts)
     */
    public static TaskStatus afterTests(boolean aTestFrameDied, boolean stopAfterTest, boolean approveAfterTest) {
        if (aTestFrameDied && stopAfterTest) {
            return FAILED;
        }
        return approveAfterTest ? AWAITING_APPROVAL : RENDERING;
    }

    /**
     * Where a task goes once every frame ended: COMPLETED when anything rendered (dead frames are
     * listed and can be retried), FAILED when nothing could render.
     */
    public static TaskStatus atEnd(int succeeded) {
        return succeeded > 0 ? COMPLETED : FAILED;
    }

    /** States whose frames the dispatcher releases. */
    public static boolean dispatchable(TaskStatus status) {
        return status == QUEUED || status == TESTING || status == RENDERING;
    }
}
