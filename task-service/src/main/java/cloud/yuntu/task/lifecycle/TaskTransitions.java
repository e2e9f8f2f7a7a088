package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.task.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * The one way a task's status changes: checked against {@link TaskStateMachine}, written, and
 * announced as TaskStatusChanged through the outbox in the caller's transaction.
 */
@ApplicationScoped
public class TaskTransitions {

    private final Tasks tasks;
    private final Outbox outbox;

    public TaskTransitions(Tasks tasks, Outbox outbox) {
        this.tasks = tasks;
        this.outbox = outbox;
    }

    /**
     * @param task the task as locked by the caller's transaction
     * @throws IllegalTransition when the state machine has no such move
     */
    public Uni<Task> move(SqlClient sql, Task task, TaskStatus to, String reason) {
        if (!TaskStateMachine.allows(task.status(), to)) {
            return Uni.createFrom().failure(new IllegalTransition(task.id(), task.status(), to));
        }
        Instant now = Instant.now();
        return write(sql, task, task.movedTo(to, reason, now), reason, now);
    }

    /** PAUSED for {@code cause}; the frames in flight are the caller's to take back or let finish. */
    public Uni<Task> pause(SqlClient sql, Task task, PauseCause cause, String reason) {
        if (!TaskStateMachine.allows(task.status(), TaskStatus.PAUSED)) {
            return Uni.createFrom().failure(new IllegalTransition(task.id(), task.status(), TaskStatus.PAUSED));
        }
        Instant now = Instant.now();
        return write(sql, task, task.movedTo(TaskStatus.PAUSED, reason, now).pausedBy(cause), reason, now);
    }

    private Uni<Task> write(SqlClient sql, Task task, Task moved, String reason, Instant now) {
        return tasks.updateStatus(sql, moved)
                .chain(() -> announce(sql, new TaskStatusChanged(UUID.randomUUID(), now, task.id(), task.userId(),
                        task.status(), moved.status(), reason)))
                .replaceWith(moved);
    }

    public Uni<Void> announce(SqlClient sql, TaskEvent event) {
        return outbox.append(sql, Topics.TASK_EVENTS, event.taskId().toString(), event);
    }

    /** A notification to the task's owner, in the caller's transaction. */
    public Uni<Void> notifyOwner(SqlClient sql, Task task, Notification.Level level, String title, String message) {
        return outbox.append(sql, Topics.NOTIFICATIONS, task.userId(),
                new Notification(UUID.randomUUID(), Instant.now(), task.userId(), level, title, message));
    }

    /** A move the state machine forbids; users see it as 409. */
    public static final class IllegalTransition extends IllegalStateException {

        private final transient TaskStatus from;
        private final transient TaskStatus to;

        public IllegalTransition(UUID taskId, TaskStatus from, TaskStatus to) {
            super("task " + taskId + " cannot go from " + from + " to " + to);
            this.from = from;
            this.to = to;
        }

        public TaskStatus from() {
            return from;
        }

        public TaskStatus to() {
            return to;
        }
    }
}
