package cloud.yuntu.task.task;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.frame.Frame;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.outbox.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A user's cancel, pause, resume and delete, of their own tasks only (admins: of any task);
 * another user's task is answered like a missing one and nothing changes. Pause and resume only
 * change the status, which the dispatcher reads before releasing frames; cancel also ends the
 * task's frames and tells the agents rendering them to stop; delete cancels an active task that
 * way first, then removes it with its layers and frames.
 */
@ApplicationScoped
public class TaskControl {

    private final Pool pool;
    private final Tasks tasks;
    private final Frames frames;
    private final TaskTransitions transitions;
    private final TaskProgression progression;
    private final Outbox outbox;

    public TaskControl(Pool pool, Tasks tasks, Frames frames, TaskTransitions transitions, TaskProgression progression,
            Outbox outbox) {
        this.pool = pool;
        this.tasks = tasks;
        this.frames = frames;
        this.transitions = transitions;
        this.progression = progression;
        this.outbox = outbox;
    }

    public Uni<Void> cancel(UUID id, Caller caller) {
        return locked(id, caller, TaskStatus.CANCELLED, (sql, task) -> cancel(sql, task, caller));
    }

    /**
     * Deletes a task with its layers and frames. An active task is cancelled first, in the same
     * transaction, so the agents rendering its frames are told to stop and its watchers see it end.
     */
    public Uni<Void> delete(UUID id, Caller caller) {
        return pool.withTransaction(sql -> lock(sql, id, caller)
                .chain(task -> task.status().isFinal() ? Uni.createFrom().item(task) : cancel(sql, task, caller))
                .chain(() -> tasks.delete(sql, id)));
    }

    private Uni<Task> cancel(SqlClient sql, Task task, Caller caller) {
        return transitions.move(sql, task, TaskStatus.CANCELLED, "cancelled by " + who(caller, task))
                .call(() -> frames.cancelOpen(sql, task.id()).chain(wereInFlight -> Multi.createFrom().iterable(wereInFlight)
                        .filter(f -> f.agentId() != null)
                        .onItem().transformToUniAndConcatenate(f -> stop(sql, f))
                        .collect().last()))
                .call(cancelled -> progression.settle(sql, cancelled));
    }

    /**
     * A new priority, at once: the dispatcher orders every frame not yet released by it on its next
     * pass. Frames already released stay in their lane's queue (issue 8 takes them back).
     */
    public Uni<Void> reprioritise(UUID id, Caller caller, int priority) {
        return pool.withTransaction(sql -> lock(sql, id, caller).chain(task -> {
            if (task.status().isFinal()) {
                return Uni.createFrom().failure(ProblemException.conflict("task-ended", "Task ended",
                        "task " + task.id() + " is " + task.status() + "; its priority no longer matters"));
            }
            return tasks.updatePriority(sql, task.id(), priority);
        }));
    }

    public Uni<Void> pause(UUID id, Caller caller) {
        return locked(id, caller, TaskStatus.PAUSED,
                (sql, task) -> transitions.move(sql, task, TaskStatus.PAUSED, "paused by " + who(caller, task)));
    }

    public Uni<Void> resume(UUID id, Caller caller) {
        return pool.withTransaction(sql -> lock(sql, id, caller).chain(task -> {
            if (task.status() != TaskStatus.PAUSED) {
                return Uni.createFrom().failure(illegal(task, "resume"));
            }
            return transitions.move(sql, task, task.pausedFrom(), "resumed by " + who(caller, task));
        })).replaceWithVoid();
    }

    private Uni<Void> locked(UUID id, Caller caller, TaskStatus to, BiFunction<SqlClient, Task, Uni<Task>> change) {
        return pool.withTransaction(sql -> lock(sql, id, caller).chain(task -> {
            if (!TaskStateMachine.allows(task.status(), to)) {
                return Uni.createFrom().failure(illegal(task, to.name().toLowerCase()));
            }
            return change.apply(sql, task);
        })).replaceWithVoid();
    }

    /** A frame cancelled on an agent: the agent kills the renderer and reports nothing more that counts. */
    private Uni<Void> stop(SqlClient sql, Frame frame) {
        AgentCommand command = new AgentCommand(UUID.randomUUID(), Instant.now(), frame.agentId(),
                AgentCommand.Command.CANCEL_FRAME, frame.taskId(), frame.id());
        return outbox.append(sql, Topics.AGENT_COMMANDS, frame.agentId(), command);
    }

    /** The task locked for the transaction, if the caller may touch it; else 404 before anything changes. */
    private Uni<Task> lock(SqlClient sql, UUID id, Caller caller) {
        return tasks.lock(sql, id).map(found -> found.filter(task -> caller.maySee(task.userId()))
                .orElseThrow(() -> TaskReader.noSuchTask(id)));
    }

    /** The reason a task event carries: the owner is "the user"; an operator acting on it is named as such. */
    private static String who(Caller caller, Task task) {
        return caller.id().equals(task.userId()) ? "the user" : "an operator";
    }

    private static ProblemException illegal(Task task, String action) {
        return ProblemException.conflict("illegal-transition", "Illegal transition",
                "cannot " + action + " task " + task.id() + " while it is " + task.status());
    }
}
