package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.cost.CostMeter;
import cloud.yuntu.task.cost.Estimate;
import cloud.yuntu.task.frame.Frame;
import cloud.yuntu.task.frame.FrameCounts;
import cloud.yuntu.task.scheduling.StalledTasks;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task as {@code GET /api/tasks/{id}} and the task list show it: never its frames, which
 * {@code GET /api/tasks/{id}/frames} pages. {@code tier}, {@code pool}, {@code pricePerHour} and
 * {@code cost} are absent until the scene analysis answered and a tier was chosen; {@code layers}
 * is empty until then.
 *
 * @param requested what the user's request overrode of the analysis
 * @param layers what each render layer renders, from the analysis and the overrides
 * @param missingDependencies files the scene needs that were not uploaded
 * @param waiting why no live agent takes the task's waiting frames and since when; absent when none waits so
 * @param testFrames {@code auto} or the frame list that renders first; absent when none
 * @param budget most the task may cost; absent when no cap
 * @param estimate the whole task's cost and time measured on its test frames; absent before they rendered
 * @param pauseCause USER or BUDGET, while PAUSED
 * @param deadFrames the first {@value TaskProgression#DEAD_LISTED} frames that could not render, with why; absent when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        UUID id,
        String userId,
        TaskStatus status,
        String sceneKey,
        String tier,
        String pool,
        BigDecimal pricePerHour,
        TaskOverrides requested,
        List<LayerView> layers,
        List<MissingDependency> missingDependencies,
        int priority,
        int maxAttempts,
        String resultKeyPrefix,
        ProgressView progress,
        Cost cost,
        String failureReason,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        StalledTasks.Waiting waiting,
        String testFrames,
        boolean stopAfterTest,
        boolean approveAfterTest,
        BigDecimal budget,
        int chunkSize,
        Estimate estimate,
        PauseCause pauseCause,
        List<DeadFrame> deadFrames) {

    /** A frame that could not render: where it is and why its last attempt failed. */
    public record DeadFrame(String layer, int number, String reason) {

        static DeadFrame of(Frame f) {
            return new DeadFrame(f.layer(), f.number(), f.lastError());
        }
    }

    /** @param frames the layer's frames as a Maya frame list */
    public record LayerView(String name, String renderer, String camera, Resolution resolution, String imageFormat,
            String outputPrefix, String frames, int framesTotal) {

        static LayerView of(TaskLayer l) {
            return new LayerView(l.name(), l.renderer(), l.camera(), l.resolution(), l.imageFormat(), l.outputPrefix(),
                    l.framesSpec(), l.framesTotal());
        }
    }

    /**
     * @param failures failed attempts since the frame was last retried
     * @param test a test frame, rendered before the others
     */
    public record FrameView(UUID id, String layer, int number, FrameStatus status, int attempt, int failures, boolean test,
            String agentId, List<FrameOutput> outputs, Instant startedAt, Instant finishedAt, Double seconds,
            String lastError) {

        static FrameView of(Frame f) {
            return new FrameView(f.id(), f.layer(), f.number(), f.status(), f.attempt(), f.failures(), f.test(), f.agentId(),
                    f.outputs(), f.startedAt(), f.finishedAt(), f.seconds(), f.lastError());
        }
    }

    public record ProgressView(int framesDone, int framesFailed, int framesTotal, double percent) {
    }

    /** @param dead the task's first dead frames; empty when none (or not read, as in lists) */
    static TaskView of(Task t, FrameCounts counts, List<TaskLayer> layers, StalledTasks.Waiting waiting, List<Frame> dead) {
        return new TaskView(t.id(), t.userId(), t.status(), t.scene().key(), t.tier(), t.pool(), t.pricePerHour(),
                t.requested(), layers.stream().map(LayerView::of).toList(), t.missingDependencies(), t.priority(),
                t.maxAttempts(), t.resultKeyPrefix(),
                new ProgressView(counts.succeeded(), counts.dead(), counts.total(), t.percent()),
                t.pricePerHour() == null ? null : CostMeter.of(counts.renderSeconds(), t.pricePerHour(), t.currency()),
                t.failureReason(), t.createdAt(), t.startedAt(), t.completedAt(), waiting, t.policy().testFrames(),
                t.policy().stopAfterTest(), t.policy().approveAfterTest(), t.policy().budget(), t.policy().chunkSize(),
                t.estimate(), t.pauseCause(), dead.isEmpty() ? null : dead.stream().map(DeadFrame::of).toList());
    }
}
