package cloud.yuntu.file.result;

import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import java.util.Optional;

/**
 * Whether a task event says its task has ended (completed, failed, cancelled) or runs again (any other
 * status: a retry brings an ended task back). Progress says neither. A task's events share its key, so
 * they arrive in order and the last one that says something is the task's state.
 */
public final class TaskLifecycle {

    private TaskLifecycle() {
    }

    /** @return true: ended; false: not ended (again); empty: the event does not tell */
    public static Optional<Boolean> ended(TaskEvent event) {
        return switch (event) {
            case TaskCompleted completed -> Optional.of(true);
            case TaskFailed failed -> Optional.of(true);
            case TaskStatusChanged changed -> Optional.ofNullable(changed.to()).map(to -> to.isFinal());
            default -> Optional.empty();
        };
    }
}
