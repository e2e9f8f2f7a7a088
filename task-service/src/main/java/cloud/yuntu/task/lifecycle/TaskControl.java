package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.task.frame.Frame;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.project.TaskAssets;
import cloud.yuntu.task.project.TaskManifests;
import cloud.yuntu.task.signal.Signals;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A user's control of their own tasks only (admins: of any task); another user's task is answered
 * like a missing one and nothing changes: cancel, pause, resume, approve, retry, a new priority or
 * budget, delete. Cancel ends the task's frames and pause takes back those in flight, and both tell
 * the agents rendering them to stop at once; delete cancels an active task that way first, then
 * removes it with its layers and frames.
 */
@ApplicationScoped
public class TaskControl {

    private final Pool pool;
    private final Tasks tasks;
    private final Frames frames;
    private final TaskTransitions transitions;
    private final TaskProgression progression;
    private final Outbox outbox;
    private final TaskAssets projectFiles;
    private final TaskManifests manifests;
    private final Signals signals;

    public TaskControl(Pool pool, Tasks tasks, Frames frames, TaskTransitions transitions, TaskProgression progression,
            Outbox outbox, TaskAssets projectFiles, TaskManifests manifests, Signals signals) {
        this.signals = signals;
        this.pool = pool;
        this.tasks = tasks;
        this.frames = frames;
        this.transitions = transitions;
        this.progression = progression;
        this.outbox = outbox;
        this.projectFiles = projectFiles;
        this.manifests = manifests;
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
        return transitions.move(sql, task, TaskStatus.CANCELLED, "cancelled by " + who(caller, task), Actor.of(caller, task))
                .call(() -> frames.cancelOpen(sql, task.id()).chain(wereInFlight -> Multi.createFrom().iterable(wereInFlight)
                        .filter(f -> f.agentId() != null && f.leadsChunk())
                        .onItem().transformToUniAndConcatenate(f -> stop(sql, f))
                        .collect().last()))
                .call(cancelled -> progression.settle(sql, cancelled));
    }

    /**
     * A new priority and/or budget. The priority orders every frame not yet released on the dispatcher's
     * next pass, and frames of lower-priority tasks of the pool released but not started yet are taken
     * back, so the task overtakes them at once. A budget below what the task cost already is refused; a
     * task paused by its budget resumes when the new one pays for more frames.
     */
    public Uni<Void> change(UUID id, Caller caller, TaskChange change) {
        if (change.priority() == null && change.budget() == null) {
            return Uni.createFrom().failure(ProblemException.invalid(List.of(
                    new FieldError("priority", "give a priority or a budget to change"))));
        }
        return pool.withTransaction(sql -> lock(sql, id, caller).chain(task -> {
            if (task.status().isFinal()) {
                return Uni.createFrom().failure(ProblemException.conflict("task-ended", "Task ended",
                        "task " + task.id() + " is " + task.status() + "; its priority and budget no longer matter"));
            }
            Uni<Task> changed = Uni.createFrom().item(task);
            if (change.budget() != null) {
                changed = changed.chain(t -> rebudget(sql, t, change.budget(), Actor.of(caller, t)));
            }
            if (change.priority() != null) {
                // The release order changed, and frames taken back below it wait again.
                changed = changed.call(t -> tasks.updatePriority(sql, t.id(), change.priority()))
                        .call(t -> signals.dispatchSoon(sql))
                        .call(t -> t.pool() == null || change.priority() <= t.priority() ? Uni.createFrom().voidItem()
                                : frames.takeBackQueuedBelow(sql, t.pool(), change.priority(),
                                        "taken back for task " + t.id() + " of a higher priority"));
            }
            return changed;
        })).replaceWithVoid();
    }

    private Uni<Task> rebudget(SqlClient sql, Task task, BigDecimal budget, Actor by) {
        return frames.counts(sql, task.id()).chain(counts -> {
            BigDecimal spent = TaskBudget.of(task, counts).spent();
            if (budget.compareTo(spent) < 0) {
                return Uni.createFrom().failure(ProblemException.invalid(List.of(new FieldError("budget",
                        "must not be below the " + spent.toPlainString() + " " + task.currency() + " the task has cost already"))));
            }
            Task rebudgeted = task.withPolicy(task.policy().withBudget(budget));
            Uni<Void> written = tasks.updateBudget(sql, task.id(), budget);
            if (task.status() != TaskStatus.PAUSED || task.pauseCause() != PauseCause.BUDGET
                    || TaskBudget.of(rebudgeted, counts).exhausted()) {
                return written.replaceWith(rebudgeted);
            }
            return written.chain(() -> transitions.move(sql, rebudgeted, task.pausedFrom(),
                    "budget raised to " + budget.toPlainString() + " " + task.currency(), by));
        });
    }

    /**
     * Pauses the task: nothing more is released, and the frames in flight are taken back to WAITING at
     * once (no failure counted) while the agents rendering them are told to stop their renderers.
     */
    public Uni<Void> pause(UUID id, Caller caller) {
        return locked(id, caller, TaskStatus.PAUSED, (sql, task) -> transitions
                .pause(sql, task, PauseCause.USER, "paused by " + who(caller, task), Actor.of(caller, task))
                .call(paused -> frames.takeBackInFlight(sql, task.id(), "taken back: the task was paused")
                        .chain(taken -> Multi.createFrom().iterable(taken)
                                .filter(f -> f.agentId() != null && f.leadsChunk())
                                .onItem().transformToUniAndConcatenate(f -> stop(sql, f))
                                .collect().last())));
    }

    /**
     * Resumes a paused task where it was. A task paused by its budget resumes only once the budget pays
     * for more (raising it resumes the task by itself).
     */
    public Uni<Void> resume(UUID id, Caller caller) {
        return pool.withTransaction(sql -> lock(sql, id, caller).chain(task -> {
            if (task.status() != TaskStatus.PAUSED) {
                return Uni.createFrom().failure(illegal(task, "resume"));
            }
            return frames.counts(sql, task.id()).chain(counts -> {
                if (task.pauseCause() == PauseCause.BUDGET && TaskBudget.of(task, counts).exhausted()) {
                    return Uni.createFrom().failure(ProblemException.invalid(List.of(new FieldError("budget",
                            "the budget of " + task.policy().budget().toPlainString() + " " + task.currency()
                                    + " pays for no further frame; raise it with PATCH /api/tasks/" + task.id()))));
                }
                return transitions.move(sql, task, task.pausedFrom(), "resumed by " + who(caller, task), Actor.of(caller, task))
                        // Test frames may have ended while it was paused.
                        .chain(resumed -> progression.settle(sql, resumed));
            });
        })).replaceWithVoid();
    }

    /** Starts the rest of a task whose test frames the user has seen; only a task AWAITING_APPROVAL. */
    public Uni<Void> approve(UUID id, Caller caller) {
        return pool.withTransaction(sql -> lock(sql, id, caller).chain(task -> {
            if (task.status() != TaskStatus.AWAITING_APPROVAL) {
                return Uni.createFrom().failure(ProblemException.invalid(List.of(new FieldError("status",
                        "is " + task.status() + "; only a task AWAITING_APPROVAL can be approved"))));
            }
            return transitions.move(sql, task, TaskStatus.RENDERING, "approved by " + who(caller, task), Actor.of(caller, task));
        })).replaceWithVoid();
    }

    /**
     * Renders the task's dead frames again, each with its full attempts; an ended task renders again.
     * Nothing dead (or skipped after a failed test) is a 422: there is nothing to retry. The end of an
     * ended task released its project files in file-service, so they are held again first, as at
     * submission ({@link TaskManifests}): a file the owner no longer has (swept after its retention)
     * is a 422 naming {@code assets[i].sha256} (the task's files in path order), file-service not
     * answering a 503; either way nothing changes. The call is made while the task is locked, so no
     * other change of the task (another retry) can come between the hold and the commit; only an
     * ended task's retry waits for it.
     */
    public Uni<Void> retry(UUID id, Caller caller) {
        return pool.withTransaction(sql -> lock(sql, id, caller).chain(task -> {
            if (task.status() == TaskStatus.CANCELLED) {
                return Uni.createFrom().failure(ProblemException.invalid(List.of(new FieldError("status",
                        "is CANCELLED; a cancelled task is not retried, submit it again"))));
            }
            return frames.retry(sql, task.id()).chain(retried -> {
                if (retried == 0) {
                    return Uni.createFrom().failure(ProblemException.invalid(List.of(new FieldError("frames",
                            "task " + task.id() + " has no dead frame to retry"))));
                }
                String why = "retry of " + retried + (retried == 1 ? " frame" : " frames") + " by " + who(caller, task);
                if (!task.status().isFinal()) {
                    return Uni.createFrom().item(task);
                }
                // Decided now, after the end file-service saw and before the move back to rendering.
                Instant heldFrom = Instant.now();
                return projectFiles.of(sql, List.of(task.id()))
                        .chain(files -> manifests.retain(task.id(), task.userId(), files.get(task.id()), heldFrom))
                        .chain(() -> transitions.move(sql, task, TaskStatus.RENDERING, why, Actor.of(caller, task)));
            });
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
                AgentCommand.Command.CANCEL_FRAME, frame.taskId(), frame.id(), frame.attempt());
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
