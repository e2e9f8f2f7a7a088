package cloud.yuntu.task.task;

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
 * The task states of ARCHITECTURE.md and the moves between them. A PAUSED task may still
 * complete or fail: pause holds back frames not yet released, while released ones finish.
 */
public final class TaskStateMachine {

    private static final Map<TaskStatus, Set<TaskStatus>> MOVES = new EnumMap<>(TaskStatus.class);

    static {
        MOVES.put(SUBMITTED, EnumSet.of(ANALYSING, QUEUED, FAILED, CANCELLED));
        MOVES.put(ANALYSING, EnumSet.of(QUEUED, FAILED, CANCELLED));
        MOVES.put(QUEUED, EnumSet.of(TESTING, RENDERING, PAUSED, FAILED, CANCELLED));
        MOVES.put(TESTING, EnumSet.of(AWAITING_APPROVAL, RENDERING, PAUSED, COMPLETED, FAILED, CANCELLED));
        MOVES.put(AWAITING_APPROVAL, EnumSet.of(RENDERING, FAILED, CANCELLED));
        MOVES.put(RENDERING, EnumSet.of(PAUSED, COMPLETED, FAILED, CANCELLED));
        MOVES.put(PAUSED, EnumSet.of(QUEUED, TESTING, RENDERING, COMPLETED, FAILED, CANCELLED));
        MOVES.put(COMPLETED, EnumSet.noneOf(TaskStatus.class));
        MOVES.put(FAILED, EnumSet.noneOf(TaskStatus.class));
        MOVES.put(CANCELLED, EnumSet.noneOf(TaskStatus.class));
    }

    private TaskStateMachine() {
    }

    public static boolean allows(TaskStatus from, TaskStatus to) {
        return MOVES.get(from).contains(to);
    }

    /** States whose frames the dispatcher releases. */
    public static boolean dispatchable(TaskStatus status) {
        return status == QUEUED || status == TESTING || status == RENDERING;
    }
}
