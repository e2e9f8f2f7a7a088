package cloud.yuntu.task.task;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.frame.Frame;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.outbox.Outbox;
import cloud.yuntu.task.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A user's cancel, pause and resume. Pause and resume only change the status, which the
 * dispatcher reads before releasing frames; cancel also ends the task's frames and tells the
 * agents rendering them to stop.
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

    public Uni<Void> cancel(UUID id) {
        return locked(id, TaskStatus.CANCELLED, (sql, task) -> transitions.move(sql, task, TaskStatus.CANCELLED, "cancelled by the user")
                .call(() -> frames.cancelOpen(sql, id).chain(wereInFlight -> Multi.createFrom().iterable(wereInFlight)
                        .filter(f -> f.agentId() != null)
                        .onItem().transformToUniAndConcatenate(f -> stop(sql, f))
                        .collect().last()))
                .call(cancelled -> progression.settle(sql, cancelled)));
    }

    public Uni<Void> pause(UUID id) {
        return locked(id, TaskStatus.PAUSED, (sql, task) -> transitions.move(sql, task, TaskStatus.PAUSED, "paused by the user"));
    }

    public Uni<Void> resume(UUID id) {
        return pool.withTransaction(sql -> lock(sql, id).chain(task -> {
            if (task.status() != TaskStatus.PAUSED) {
                return Uni.createFrom().failure(illegal(task, "resume"));
            }
            return transitions.move(sql, task, task.pausedFrom(), "resumed by the user");
        })).replaceWithVoid();
    }

    private Uni<Void> locked(UUID id, TaskStatus to, BiFunction<SqlClient, Task, Uni<Task>> change) {
        return pool.withTransaction(sql -> lock(sql, id).chain(task -> {
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

    private Uni<Task> lock(SqlClient sql, UUID id) {
        return tasks.lock(sql, id).map(found -> found.orElseThrow(() -> ProblemException.notFound("no task " + id)));
    }

    private static ProblemException illegal(Task task, String action) {
        return ProblemException.conflict("illegal-transition", "Illegal transition",
                "cannot " + action + " task " + task.id() + " while it is " + task.status());
    }
}
