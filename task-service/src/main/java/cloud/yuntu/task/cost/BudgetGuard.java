package cloud.yuntu.task.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How many more frames of a task with a budget may be released: as many as the budget still pays for,
 * after the frames already in flight, which will be billed too. Every frame not billed yet is priced
 * pessimistically, at the dearest frame measured so far plus {@link #HEADROOM}: the budget is a price
 * cap, and pricing at the mean lets the slower half of the frames carry the cost past it (frames of one
 * shot differ, and a node's load makes the same frame take longer). Before any frame was measured, one
 * frame at a time: the first one measures what a frame costs, and a wave of unmeasured frames could pass
 * a small budget many times over. A pure rule.
 */
public final class BudgetGuard {

    /** A frame yet to render may take this much longer than the dearest one so far. */
    public static final BigDecimal HEADROOM = new BigDecimal("1.25");

    private BudgetGuard() {
    }

    /**
     * @param budget the task's budget, null for none
     * @param spent what the succeeded frames cost so far
     * @param dearestFrameCost what the dearest succeeded frame cost, null before the first one
     * @param inFlight frames released or rendering, not billed yet
     * @return frames that may be released now, {@link Integer#MAX_VALUE} when the task has no budget
     */
    public static int framesWithin(BigDecimal budget, BigDecimal spent, BigDecimal dearestFrameCost, int inFlight) {
        if (budget == null) {
            return Integer.MAX_VALUE;
        }
        BigDecimal left = budget.subtract(spent);
        if (left.signum() <= 0) {
            return 0;
        }
        if (dearestFrameCost == null) {
            return inFlight == 0 ? 1 : 0;
        }
        if (dearestFrameCost.signum() == 0) {
            return Integer.MAX_VALUE;
        }
        BigDecimal framePrice = dearestFrameCost.multiply(HEADROOM);
        // Frames in flight are priced like the rest: they are billed at what they will have cost.
        BigDecimal unbilled = framePrice.multiply(BigDecimal.valueOf(inFlight));
        // Compared as decimals: a near-zero price makes the quotient pass a long, which longValue() would wrap.
        BigDecimal affordable = left.subtract(unbilled).divide(framePrice, 0, RoundingMode.FLOOR);
        return affordable.max(BigDecimal.ZERO).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
    }

    /**
     * The budget pays for no further frame: the task pauses until its budget is raised. Only once no
     * frame is in flight (unless the budget is spent already): frames in flight are priced at the
     * dearest frame with headroom and usually cost less, so until they are billed the task releases
     * nothing more but waits, and pauses only if what they really cost leaves room for no frame.
     * Pausing earlier would leave budget unused, and a resume would then be allowed while the pause
     * said the budget was reached. Not while the first frame is being measured: it may well leave
     * room for more.
     */
    public static boolean exhausted(BigDecimal budget, BigDecimal spent, BigDecimal dearestFrameCost, int inFlight) {
        if (budget == null) {
            return false;
        }
        return budget.compareTo(spent) <= 0
                || dearestFrameCost != null && inFlight == 0 && framesWithin(budget, spent, dearestFrameCost, 0) == 0;
    }
}
