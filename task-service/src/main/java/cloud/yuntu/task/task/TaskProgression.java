package cloud.yuntu.task.task;

import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.agent.Agents;
import cloud.yuntu.task.cost.CostMeter;
import cloud.yuntu.task.frame.Frame;
import cloud.yuntu.task.frame.FrameCounts;
import cloud.yuntu.task.frame.Frames;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What follows a change of a task's frames, in the same transaction: a TaskProgress, and the
 * task's end (COMPLETED with TaskCompleted, or FAILED with TaskFailed) once every frame is
 * final. The caller holds the task's row lock, so the end is announced exactly once.
 */
@ApplicationScoped
public class TaskProgression {

    private final Frames frames;
    private final Tasks tasks;
    private final Agents agents;
    private final TaskTransitions transitions;
    private final TaskConfig config;

    public TaskProgression(Frames frames, Tasks tasks, Agents agents, TaskTransitions transitions, TaskConfig config) {
        this.frames = frames;
        this.tasks = tasks;
        this.agents = agents;
        this.transitions = transitions;
        this.config = config;
    }

    public Uni<Task> settle(SqlClient sql, Task task) {
        return frames.counts(sql, task.id())
                // A task the analysis has not planned yet has no frames, no tier and no progress to tell.
                .chain(counts -> counts.total() == 0 ? Uni.createFrom().item(task)
                        : agents.freeSlots(sql, task.pool(), config.agent().heartbeatTimeout())
                                .chain(free -> progress(sql, task, counts, free))
                                .chain(withPercent -> end(sql, withPercent, counts)));
    }

    private Uni<Task> progress(SqlClient sql, Task task, FrameCounts counts, int freeSlots) {
        // Monotonic by construction: succeeded frames never leave SUCCEEDED. The max keeps it so
        // should a future change (frames added to a task, say) lower the ratio.
        double percent = Math.max(task.percent(), counts.total() == 0 ? 100.0 : 100.0 * counts.succeeded() / counts.total());
        Cost cost = CostMeter.of(counts.renderSeconds(), task.pricePerHour(), task.currency());
        TaskProgress event = new TaskProgress(UUID.randomUUID(), Instant.now(), task.id(), task.userId(),
                counts.succeeded(), counts.dead(), counts.total(), percent, counts.etaSeconds(freeSlots), cost);
        Task updated = task.withPercent(percent);
        return tasks.updatePercent(sql, task.id(), percent)
                .chain(() -> transitions.announce(sql, event))
                .replaceWith(updated);
    }

    private Uni<Task> end(SqlClient sql, Task task, FrameCounts counts) {
        if (task.status().isFinal() || counts.remaining() > 0) {
            return Uni.createFrom().item(task);
        }
        Cost cost = CostMeter.of(counts.renderSeconds(), task.pricePerHour(), task.currency());
        if (counts.succeeded() == counts.total()) {
            return transitions.move(sql, task, TaskStatus.COMPLETED, null)
                    .call(done -> frames.outputTotals(sql, task.id())
                            .chain(totals -> transitions.announce(sql, completed(done, totals, cost))));
        }
        if (counts.dead() > 0) {
            return frames.dead(sql, task.id()).chain(dead -> {
                String reason = failureReason(dead);
                return transitions.move(sql, task, TaskStatus.FAILED, reason)
                        .call(failed -> transitions.announce(sql,
                                new TaskFailed(UUID.randomUUID(), Instant.now(), task.id(), task.userId(), reason)));
            });
        }
        return Uni.createFrom().item(task);
    }

    private static TaskCompleted completed(Task task, Frames.OutputTotals outputs, Cost cost) {
        Instant from = task.startedAt() != null ? task.startedAt() : task.createdAt();
        double seconds = Duration.between(from, task.completedAt()).toMillis() / 1000.0;
        return new TaskCompleted(UUID.randomUUID(), Instant.now(), task.id(), task.userId(), outputs.files(),
                outputs.bytes(), seconds, cost);
    }

    /** Names the dead frames and why the first of them died, short enough for a notification. */
    static String failureReason(List<Frame> dead) {
        String numbers = dead.stream().limit(20).map(f -> Integer.toString(f.number())).collect(Collectors.joining(", "));
        if (dead.size() > 20) {
            numbers += " and " + (dead.size() - 20) + " more";
        }
        Frame first = dead.getFirst();
        String why = first.lastError() == null ? "no reason reported" : first.lastError();
        return (dead.size() == 1 ? "frame " : "frames ") + numbers + " failed after " + first.attempt()
                + (first.attempt() == 1 ? " attempt" : " attempts") + "; frame " + first.number()
                + (first.layer() == null || first.layer().isEmpty() ? "" : " of layer " + first.layer()) + ": " + why;
    }
}
