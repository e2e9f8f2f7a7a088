package cloud.yuntu.task.cost;

import cloud.yuntu.contracts.task.Cost;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What rendering costs: {@code sum of the succeeded frames' renderer seconds / 3600 × the tier's
 * price per node hour}, in the tier's currency, rounded half-up to 4 decimals: a frame is billed as
 * the node time it rendered for. Failed attempts are not billed: the agent reports seconds only with
 * a completion.
 */
public final class CostMeter {

    public static final int SCALE = 4;

    private CostMeter() {
    }

    /** What {@code renderSeconds} of node time cost, unrounded (for comparing a frame's cost with what a budget has left). */
    public static BigDecimal exact(double renderSeconds, BigDecimal pricePerHour) {
        return BigDecimal.valueOf(renderSeconds).multiply(pricePerHour).divide(BigDecimal.valueOf(3600), 12, RoundingMode.HALF_UP);
    }

    public static Cost of(double renderSeconds, BigDecimal pricePerHour, String currency) {
        BigDecimal hours = BigDecimal.valueOf(renderSeconds).divide(BigDecimal.valueOf(3600), 12, RoundingMode.HALF_UP);
        return new Cost(hours.multiply(pricePerHour).setScale(SCALE, RoundingMode.HALF_UP), currency);
    }
}
