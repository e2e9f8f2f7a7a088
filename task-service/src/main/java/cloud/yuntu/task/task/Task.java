package cloud.yuntu.task.task;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.task.TaskStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A task row. The tier's price is copied at submission so a later price change never alters
 * what a running task costs.
 *
 * @param percent the highest progress announced so far
 * @param pausedFrom the status a resume returns to, while PAUSED
 */
public record Task(
        UUID id,
        String userId,
        TaskStatus status,
        TaskStatus pausedFrom,
        StoredObject scene,
        String framesSpec,
        int framesTotal,
        String renderer,
        String tier,
        String pool,
        BigDecimal pricePerCoreHour,
        String currency,
        String camera,
        String layer,
        Resolution resolution,
        String imageFormat,
        String outputPrefix,
        String resultKeyPrefix,
        int priority,
        int maxAttempts,
        double percent,
        String failureReason,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt) {

    public String sceneFileName() {
        String key = scene.key();
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public Task withPercent(double newPercent) {
        return new Task(id, userId, status, pausedFrom, scene, framesSpec, framesTotal, renderer, tier, pool,
                pricePerCoreHour, currency, camera, layer, resolution, imageFormat, outputPrefix, resultKeyPrefix,
                priority, maxAttempts, newPercent, failureReason, createdAt, startedAt, completedAt);
    }

    /** This task moved to {@code to} at {@code now}; PAUSED remembers where resume returns to. */
    Task movedTo(TaskStatus to, String reason, Instant now) {
        return new Task(id, userId, to, to == TaskStatus.PAUSED ? status : null, scene, framesSpec, framesTotal,
                renderer, tier, pool, pricePerCoreHour, currency, camera, layer, resolution, imageFormat, outputPrefix,
                resultKeyPrefix, priority, maxAttempts, percent, to == TaskStatus.FAILED ? reason : failureReason,
                createdAt, startedAt == null && to == TaskStatus.RENDERING ? now : startedAt,
                to.isFinal() ? now : completedAt);
    }
}
