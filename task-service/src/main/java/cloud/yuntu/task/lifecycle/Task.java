package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.cost.Estimate;
import cloud.yuntu.task.tier.ChosenTier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task row. What it renders is in its layers ({@link TaskLayer}), planned from the scene
 * analysis; until then (SUBMITTED, ANALYSING) it has no layers, no frames and no tier. The tier's
 * price is copied when the tier is chosen, so a later price change never alters what a task costs.
 *
 * @param requested the user's overrides of the analysis, kept for its answer
 * @param framesTotal frames over all layers; 0 before the analysis
 * @param tier null until the analysis was answered (and for a task failed before a tier fitted)
 * @param pricePerHour the tier's price per node hour, null with {@code tier}
 * @param missingDependencies files the scene needs that were not uploaded, as the analysis found them
 * @param percent the highest progress announced so far
 * @param pausedFrom the status a resume returns to, while PAUSED
 * @param policy test frames, approval, budget and chunks as the user asked
 * @param estimate the whole task's cost and time as its test frames measured them; null before
 * @param pauseCause why it is PAUSED, null while it is not
 */
public record Task(
        UUID id,
        String userId,
        TaskStatus status,
        TaskStatus pausedFrom,
        StoredObject scene,
        TaskOverrides requested,
        int framesTotal,
        String tier,
        String pool,
        BigDecimal pricePerHour,
        String currency,
        List<MissingDependency> missingDependencies,
        String resultKeyPrefix,
        int priority,
        int maxAttempts,
        double percent,
        String failureReason,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        RunPolicy policy,
        Estimate estimate,
        PauseCause pauseCause) {

    public Task {
        missingDependencies = missingDependencies == null ? List.of() : List.copyOf(missingDependencies);
        policy = policy == null ? RunPolicy.DEFAULT : policy;
    }

    public String sceneFileName() {
        String key = scene.key();
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public Task withPercent(double newPercent) {
        return new Task(id, userId, status, pausedFrom, scene, requested, framesTotal, tier, pool, pricePerHour, currency,
                missingDependencies, resultKeyPrefix, priority, maxAttempts, newPercent, failureReason, createdAt,
                startedAt, completedAt, policy, estimate, pauseCause);
    }

    /** This task as the analysis' answer made it: its frames counted, its tier chosen (null when none was). */
    Task analysed(int frames, ChosenTier chosen, List<MissingDependency> missing) {
        return new Task(id, userId, status, pausedFrom, scene, requested, frames,
                chosen == null ? tier : chosen.name(), chosen == null ? pool : chosen.pool(),
                chosen == null ? pricePerHour : chosen.pricePerHour(), chosen == null ? currency : chosen.currency(),
                missing, resultKeyPrefix, priority, maxAttempts, percent, failureReason, createdAt, startedAt, completedAt,
                policy, estimate, pauseCause);
    }

    /**
     * This task moved to {@code to} at {@code now}; PAUSED remembers where resume returns to (use
     * {@link #pausedBy} for the cause). A task brought back from an end by a retry is no longer complete.
     */
    Task movedTo(TaskStatus to, String reason, Instant now) {
        boolean reopened = status.isFinal() && !to.isFinal();
        return new Task(id, userId, to, to == TaskStatus.PAUSED ? (status == TaskStatus.PAUSED ? pausedFrom : status) : null,
                scene, requested, framesTotal, tier, pool, pricePerHour, currency, missingDependencies, resultKeyPrefix,
                priority, maxAttempts, percent,
                to == TaskStatus.FAILED ? reason : reopened ? null : failureReason,
                createdAt, startedAt == null && (to == TaskStatus.RENDERING || to == TaskStatus.TESTING) ? now : startedAt,
                to.isFinal() ? now : reopened ? null : completedAt, policy, estimate,
                to == TaskStatus.PAUSED ? PauseCause.USER : null);
    }

    /** This task, PAUSED (or about to be), for {@code cause}. */
    Task pausedBy(PauseCause cause) {
        return new Task(id, userId, status, pausedFrom, scene, requested, framesTotal, tier, pool, pricePerHour, currency,
                missingDependencies, resultKeyPrefix, priority, maxAttempts, percent, failureReason, createdAt, startedAt,
                completedAt, policy, estimate, cause);
    }

    Task withEstimate(Estimate measured) {
        return new Task(id, userId, status, pausedFrom, scene, requested, framesTotal, tier, pool, pricePerHour, currency,
                missingDependencies, resultKeyPrefix, priority, maxAttempts, percent, failureReason, createdAt, startedAt,
                completedAt, policy, measured, pauseCause);
    }

    Task withPolicy(RunPolicy changed) {
        return new Task(id, userId, status, pausedFrom, scene, requested, framesTotal, tier, pool, pricePerHour, currency,
                missingDependencies, resultKeyPrefix, priority, maxAttempts, percent, failureReason, createdAt, startedAt,
                completedAt, changed, estimate, pauseCause);
    }
}
