package cloud.yuntu.task.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How many more frames of a task with a budget may be released: as many as the budget still pays for
 * at the task's mean frame cost, after the frames already in flight, which will be billed too. Before
 * any frame was measured, one frame at a time: the first one measures what a frame costs, and a wave
 * of unmeasured frames could pass a small budget many times over. A pure rule.
 */
public final class BudgetGuard {

    private BudgetGuard() {
    }

    /**
     * @param budget the task's budget, null for none
     * @param spent what the succeeded frames cost so far
     * @param meanFrameCost what a succeeded frame cost on average, null before the first one
     * @param inFlight frames released or rendering, not billed yet
     * @return frames that may be released now, {@link Integer#MAX_VALUE} when the task has no budget
     */
    public static int framesWithin(BigDecimal budget, BigDecimal spent, BigDecimal meanFrameCost, int inFlight) {
        if (budget == null) {
            return Integer.MAX_VALUE;
        }
        BigDecimal left = budget.subtract(spent);
        if (left.signum() <= 0) {
            return 0;
        }
        if (meanFrameCost == null) {
            return inFlight == 0 ? 1 : 0;
        }
        if (meanFrameCost.signum() == 0) {
            return Integer.MAX_VALUE;
        }
        // Compared as decimals: a near-zero mean makes the quotient pass a long, which longValue() would wrap.
        BigDecimal affordable = left.divide(meanFrameCost, 0, RoundingMode.FLOOR).subtract(BigDecimal.valueOf(inFlight));
        return affordable.max(BigDecimal.ZERO).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
    }

    /**
     * The budget pays for no frame beyond those in flight: the task pauses until its budget is raised.
     * Not while the first frame is being measured: it may well leave room for more.
     */
    public static boolean exhausted(BigDecimal budget, BigDecimal spent, BigDecimal meanFrameCost, int inFlight) {
        if (budget == null) {
            return false;
        }
        return budget.compareTo(spent) <= 0
                || meanFrameCost != null && framesWithin(budget, spent, meanFrameCost, inFlight) == 0;
    }
}
