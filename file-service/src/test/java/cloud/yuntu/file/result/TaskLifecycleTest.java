package cloud.yuntu.file.result;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskLifecycleTest {

    @Test
    void finalStatusesEndATaskAndEveryOtherOneReopensIt() {
        for (TaskStatus to : TaskStatus.values()) {
            assertThat(TaskLifecycle.ended(changed(TaskStatus.RENDERING, to))).as("%s", to).contains(to.isFinal());
        }
        assertThat(TaskLifecycle.ended(changed(TaskStatus.FAILED, TaskStatus.QUEUED))).contains(false);
        assertThat(TaskLifecycle.ended(changed(TaskStatus.RENDERING, null))).isEmpty();
    }

    @Test
    void completionAndFailureEndATaskAndProgressSaysNothing() {
        UUID task = UUID.randomUUID();
        assertThat(TaskLifecycle.ended(new TaskCompleted(UUID.randomUUID(), Instant.now(), task, "alice", 1, 1, 1.0,
                null))).contains(true);
        assertThat(TaskLifecycle.ended(new TaskFailed(UUID.randomUUID(), Instant.now(), task, "alice", "boom")))
                .contains(true);
        assertThat(TaskLifecycle.ended(new TaskProgress(UUID.randomUUID(), Instant.now(), task, "alice", 1, 0, 2, 50.0,
                null, null))).isEmpty();
    }

    private static TaskStatusChanged changed(TaskStatus from, TaskStatus to) {
        return new TaskStatusChanged(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), "alice", from, to, null);
    }
}
