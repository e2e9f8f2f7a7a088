package cloud.yuntu.task.task;

import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.cost.CostMeter;
import cloud.yuntu.task.frame.Frame;
import cloud.yuntu.task.frame.FrameCounts;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task as {@code GET /api/tasks/{id}} shows it. {@code frames} is absent in lists.
 *
 * @param frameList the frame list as submitted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        UUID id,
        String userId,
        TaskStatus status,
        String sceneKey,
        String renderer,
        String tier,
        String pool,
        String frameList,
        String camera,
        String layer,
        Resolution resolution,
        String imageFormat,
        int priority,
        int maxAttempts,
        String resultKeyPrefix,
        List<FrameView> frames,
        ProgressView progress,
        Cost cost,
        String failureReason,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt) {

    public record FrameView(UUID id, int number, FrameStatus status, int attempt, String agentId,
            List<FrameOutput> outputs, Instant startedAt, Instant finishedAt, Double seconds, String lastError) {

        static FrameView of(Frame f) {
            return new FrameView(f.id(), f.number(), f.status(), f.attempt(), f.agentId(), f.outputs(), f.startedAt(),
                    f.finishedAt(), f.seconds(), f.lastError());
        }
    }

    public record ProgressView(int framesDone, int framesFailed, int framesTotal, double percent) {
    }

    static TaskView of(Task t, FrameCounts counts, List<Frame> frames) {
        return new TaskView(t.id(), t.userId(), t.status(), t.scene().key(), t.renderer(), t.tier(), t.pool(),
                t.framesSpec(), t.camera(), t.layer(), t.resolution(), t.imageFormat(), t.priority(), t.maxAttempts(),
                t.resultKeyPrefix(), frames == null ? null : frames.stream().map(FrameView::of).toList(),
                new ProgressView(counts.succeeded(), counts.dead(), counts.total(), t.percent()),
                CostMeter.of(counts.renderSeconds(), t.pricePerCoreHour(), t.currency()),
                t.failureReason(), t.createdAt(), t.startedAt(), t.completedAt());
    }
}
