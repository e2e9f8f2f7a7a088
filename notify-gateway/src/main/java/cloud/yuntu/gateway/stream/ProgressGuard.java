package cloud.yuntu.gateway.stream;

import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps a progress bar from going backwards: progress lower than what was already pushed for the
 * task (an older event arriving late) is held back, as is any progress after the task ended.
 * Completion and failure always pass. Remembers a bounded number of tasks, least recently
 * updated forgotten first.
 */
@ApplicationScoped
public class ProgressGuard {

    /** Recorded for an ended task: no progress percentage can reach it. */
    private static final double ENDED = Double.POSITIVE_INFINITY;

    private final Map<UUID, Double> highestPercent;

    ProgressGuard(StreamConfig config) {
        int capacity = config.trackedTasks();
        this.highestPercent = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Double> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the event may be pushed; remembers what it lets through. */
    public synchronized boolean admits(TaskEvent event) {
        return switch (event) {
            case TaskProgress progress -> {
                Double highest = highestPercent.get(progress.taskId());
                if (highest != null && progress.percent() < highest) {
                    yield false;
                }
                highestPercent.put(progress.taskId(), progress.percent());
                yield true;
            }
            case TaskCompleted completed -> ended(completed.taskId());
            case TaskFailed failed -> ended(failed.taskId());
            case TaskStatusChanged ignored -> true;
        };
    }

    private boolean ended(UUID taskId) {
        highestPercent.put(taskId, ENDED);
        return true;
    }
}
