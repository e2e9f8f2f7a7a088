package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.signal.Signals;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * The one way a task's status changes: checked against {@link TaskStateMachine}, written, and
 * announced as TaskStatusChanged through the outbox in the caller's transaction, together with the
 * notification {@link OwnerNotices} says its owner gets. Every caller holds the task's row lock (or the
 * event that caused the move is remembered in the same transaction), so a move, and so its notice, is
 * written once: a redelivered cause finds the task moved already and changes nothing.
 */
@ApplicationScoped
public class TaskTransitions {

    private final Tasks tasks;
    private final Frames frames;
    private final Outbox outbox;

    private final Signals signals;

    public TaskTransitions(Tasks tasks, Frames frames, Outbox outbox, Signals signals) {
        this.signals = signals;
        this.tasks = tasks;
        this.frames = frames;
        this.outbox = outbox;
    }

    /**
     * A move the farm makes by itself (the analysis, the frames' reports, the dispatcher).
     *
     * @param task the task as locked by the caller's transaction
     * @throws IllegalTransition when the state machine has no such move
     */
    public Uni<Task> move(SqlClient sql, Task task, TaskStatus to, String reason) {
        return move(sql, task, to, reason, Actor.FARM);
    }

    /**
     * @param task the task as locked by the caller's transaction
     * @param by   who asked for it: an operator's move is told to the owner, the owner's own is not
     * @throws IllegalTransition when the state machine has no such move
     */
    public Uni<Task> move(SqlClient sql, Task task, TaskStatus to, String reason, Actor by) {
        if (!TaskStateMachine.allows(task.status(), to)) {
            return Uni.createFrom().failure(new IllegalTransition(task.id(), task.status(), to));
        }
        Instant now = Instant.now();
        return write(sql, task, task.movedTo(to, reason, now), reason, by, now);
    }

    /** PAUSED for {@code cause}; the frames in flight are the caller's to take back or let finish. */
    public Uni<Task> pause(SqlClient sql, Task task, PauseCause cause, String reason, Actor by) {
        if (!TaskStateMachine.allows(task.status(), TaskStatus.PAUSED)) {
            return Uni.createFrom().failure(new IllegalTransition(task.id(), task.status(), TaskStatus.PAUSED));
        }
        Instant now = Instant.now();
        return write(sql, task, task.movedTo(TaskStatus.PAUSED, reason, now).pausedBy(cause), reason, by, now);
    }

    private Uni<Task> write(SqlClient sql, Task task, Task moved, String reason, Actor by, Instant now) {
        return tasks.updateStatus(sql, moved)
                .chain(() -> announce(sql, new TaskStatusChanged(UUID.randomUUID(), now, task.id(), task.userId(),
                        task.status(), moved.status(), reason)))
                .chain(() -> notifyOwner(sql, task, moved, by, now))
                // Any move may change what the dispatcher can release (a task queued, resumed or ended).
                .chain(() -> signals.dispatchSoon(sql))
                .replaceWith(moved);
    }

    /**
     * The owner's notification of the move, if it calls for one. The frames are counted for every move
     * (one indexed aggregate; a task moves a handful of times, while each frame report counts them too)
     * so that no move the rule speaks of can be announced without its numbers.
     */
    private Uni<Void> notifyOwner(SqlClient sql, Task before, Task after, Actor by, Instant now) {
        return frames.counts(sql, after.id())
                .chain(counts -> OwnerNotices.about(new OwnerNotices.Move(before, after, by, counts), now)
                        .map(notice -> outbox.append(sql, Topics.NOTIFICATIONS, notice.userId(), notice))
                        .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    public Uni<Void> announce(SqlClient sql, TaskEvent event) {
        return outbox.append(sql, Topics.TASK_EVENTS, event.taskId().toString(), event);
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
