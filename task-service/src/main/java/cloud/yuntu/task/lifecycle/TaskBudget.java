package cloud.yuntu.task.lifecycle;

import cloud.yuntu.task.cost.BudgetGuard;
import cloud.yuntu.task.cost.CostMeter;
import cloud.yuntu.task.frame.FrameCounts;
import java.math.BigDecimal;

/**
 * A task's budget against where its frames stand: what it has cost, what its dearest frame cost, and
 * whether the budget still pays for its next job. The one place the dispatcher (which pauses a task)
 * and the user's resume and budget change (which resume it) read it from, so they never disagree.
 */
public record TaskBudget(BigDecimal budget, BigDecimal spent, BigDecimal dearestFrameCost, int inFlight, int chunkSize) {

    public static TaskBudget of(Task task, FrameCounts counts) {
        if (task.pricePerHour() == null) {
            return new TaskBudget(task.policy().budget(), BigDecimal.ZERO, null, counts.inFlight(), task.policy().chunkSize());
        }
        BigDecimal spent = CostMeter.of(counts.renderSeconds(), task.pricePerHour(), task.currency()).amount();
        BigDecimal dearest = counts.succeeded() == 0 ? null : CostMeter.exact(counts.dearestSeconds(), task.pricePerHour());
        return new TaskBudget(task.policy().budget(), spent, dearest, counts.inFlight(), task.policy().chunkSize());
    }

    /** Frames the budget lets the dispatcher release now ({@link BudgetGuard#framesWithin}). */
    public int framesWithin() {
        return BudgetGuard.framesWithin(budget, spent, dearestFrameCost, inFlight);
    }

    /**
     * The budget pays for no further job (a frame, or a whole chunk) once what is in flight is billed:
     * the task pauses, or stays paused ({@link BudgetGuard#exhausted}).
     */
    public boolean exhausted() {
        return BudgetGuard.exhausted(budget, spent, dearestFrameCost, inFlight)
                || budget != null && dearestFrameCost != null && inFlight == 0 && framesWithin() < chunkSize;
    }
}
