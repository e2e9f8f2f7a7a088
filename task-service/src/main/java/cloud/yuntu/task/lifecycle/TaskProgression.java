package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.agent.Agents;
import cloud.yuntu.task.cost.CostMeter;
import cloud.yuntu.task.cost.Estimate;
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
 * What follows a change of a task's frames, in the same transaction: a TaskProgress; once its test
 * frames ended, the estimate and the move the state machine names (AWAITING_APPROVAL, RENDERING, or
 * FAILED with its other frames SKIPPED); and the task's end once every frame ended (COMPLETED with
 * TaskCompleted when anything rendered, its dead frames listed; FAILED with TaskFailed when nothing
 * could). The caller holds the task's row lock, so each move is announced exactly once.
 */
@ApplicationScoped
public class TaskProgression {

    private final Frames frames;
    private final Tasks tasks;
    private final Agents agents;
    private final TaskTransitions transitions;
    private final TaskConfig config;
    private final TaskLayers layers;

    public TaskProgression(Frames frames, Tasks tasks, Agents agents, TaskTransitions transitions, TaskConfig config,
            TaskLayers layers) {
        this.layers = layers;
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
                                .chain(withPercent -> afterTests(sql, withPercent, counts))
                                .chain(current -> end(sql, current, counts)));
    }

    /** Dead frames a task view and a failure reason name at most. */
    public static final int DEAD_LISTED = 100;

    private Uni<Task> afterTests(SqlClient sql, Task task, FrameCounts counts) {
        if (task.status() != TaskStatus.TESTING || counts.testsOpen() > 0) {
            return Uni.createFrom().item(task);
        }
        // Nothing left to approve when the test frames were all of the task's frames.
        TaskStatus next = TaskStateMachine.afterTests(counts.testsDead() > 0, task.policy().stopAfterTest(),
                task.policy().approveAfterTest() && counts.remaining() > 0);
        if (next == TaskStatus.FAILED) {
            return frames.skipWaiting(sql, task.id())
                    .chain(() -> frames.dead(sql, task.id(), DEAD_LISTED))
                    .chain(dead -> fail(sql, task, "test " + failureReason(dead, counts.testsDead())));
        }
        // The estimate is on the task before it moves: the owner's notice of AWAITING_APPROVAL quotes it.
        return estimate(sql, task).chain(estimated -> transitions.move(sql, estimated, next, next == TaskStatus.AWAITING_APPROVAL
                ? "test frames rendered; waiting for approval" : "test frames rendered"));
    }

    /** The estimate from the test frames that succeeded, kept on the task; none when none did. */
    private Uni<Task> estimate(SqlClient sql, Task task) {
        return frames.testSeconds(sql, task.id())
                .chain(seconds -> layers.ofTask(sql, task.id()).chain(taskLayers -> agents.totalSlots(sql, task.pool(),
                                config.agent().heartbeatTimeout())
                        .map(slots -> Estimate.of(taskLayers.stream()
                                        .map(l -> new Estimate.Layer(l.framesTotal(), seconds.getOrDefault(l.name(), List.of())))
                                        .toList(),
                                task.pricePerHour(), task.currency(), slots))))
                .chain(estimate -> estimate == null ? Uni.createFrom().item(task)
                        : tasks.updateEstimate(sql, task.id(), estimate).replaceWith(task.withEstimate(estimate)));
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
        if (TaskStateMachine.atEnd(counts.succeeded()) == TaskStatus.COMPLETED) {
            String reason = counts.dead() == 0 ? null
                    : counts.dead() + (counts.dead() == 1 ? " frame" : " frames") + " could not render; retry renders again";
            return transitions.move(sql, task, TaskStatus.COMPLETED, reason)
                    .call(done -> frames.outputTotals(sql, task.id())
                            .chain(totals -> transitions.announce(sql, completed(done, totals, cost))));
        }
        if (counts.dead() > 0) {
            return frames.dead(sql, task.id(), DEAD_LISTED).chain(dead -> fail(sql, task, failureReason(dead, counts.dead())));
        }
        return fail(sql, task, "no frame rendered");
    }

    private Uni<Task> fail(SqlClient sql, Task task, String reason) {
        return transitions.move(sql, task, TaskStatus.FAILED, reason)
                .call(failed -> transitions.announce(sql,
                        new TaskFailed(UUID.randomUUID(), Instant.now(), task.id(), task.userId(), reason)));
    }

    private static TaskCompleted completed(Task task, Frames.OutputTotals outputs, Cost cost) {
        Instant from = task.startedAt() != null ? task.startedAt() : task.createdAt();
        double seconds = Duration.between(from, task.completedAt()).toMillis() / 1000.0;
        return new TaskCompleted(UUID.randomUUID(), Instant.now(), task.id(), task.userId(), outputs.files(),
                outputs.bytes(), seconds, cost);
    }

    /** Names the dead frames and why the first of them died, short enough for a notification. */
    static String failureReason(List<Frame> dead, int total) {
        String numbers = dead.stream().limit(20).map(f -> Integer.toString(f.number())).collect(Collectors.joining(", "));
        if (total > 20) {
            numbers += " and " + (total - 20) + " more";
        }
        Frame first = dead.getFirst();
        String why = first.lastError() == null ? "no reason reported" : first.lastError();
        return (total == 1 ? "frame " : "frames ") + numbers + " failed after " + first.failures()
                + (first.failures() == 1 ? " attempt" : " attempts") + "; frame " + first.number()
                + (first.layer() == null || first.layer().isEmpty() ? "" : " of layer " + first.layer()) + ": " + why;
    }
}
