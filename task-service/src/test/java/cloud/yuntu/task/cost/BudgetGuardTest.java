package cloud.yuntu.task.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** How many more frames a budget pays for, and when it pays for none. */
class BudgetGuardTest {

    @Test
    void aTaskWithoutBudgetIsNeverHeldBack() {
        assertThat(BudgetGuard.framesWithin(null, money("1000"), money("5"), 40)).isEqualTo(Integer.MAX_VALUE);
        assertThat(BudgetGuard.framesWithin(null, BigDecimal.ZERO, null, 0)).isEqualTo(Integer.MAX_VALUE);
        assertThat(BudgetGuard.exhausted(null, money("1000"), money("5"), 40)).isFalse();
    }

    @Test
    void beforeAnyFrameWasMeasuredOneFrameAtATime() {
        assertThat(BudgetGuard.framesWithin(money("100"), BigDecimal.ZERO, null, 0)).isEqualTo(1);
        assertThat(BudgetGuard.framesWithin(money("100"), BigDecimal.ZERO, null, 1)).as("the first one is measuring")
                .isEqualTo(0);
        assertThat(BudgetGuard.framesWithin(money("0.0001"), BigDecimal.ZERO, null, 0)).as("however small the budget")
                .isEqualTo(1);
    }

    @Test
    void whileTheFirstFrameIsMeasuredTheBudgetIsNotExhausted() {
        assertThat(BudgetGuard.exhausted(money("100"), BigDecimal.ZERO, null, 1)).isFalse();
        assertThat(BudgetGuard.exhausted(money("100"), BigDecimal.ZERO, null, 0)).isFalse();
    }

    @Test
    void asManyFramesAsTheRestOfTheBudgetPaysForAtTheDearestCostWithHeadroom() {
        // dearest 0.8: a frame yet to render is priced at 0.8 x 1.25 = 1
        assertThat(BudgetGuard.framesWithin(money("10"), money("4"), money("0.8"), 0)).isEqualTo(6);
        assertThat(BudgetGuard.framesWithin(money("10"), BigDecimal.ZERO, money("2.4"), 0)).as("9 fits, 12 would not")
                .isEqualTo(3);
        assertThat(BudgetGuard.framesWithin(money("9"), BigDecimal.ZERO, money("2.4"), 0)).as("exactly the budget")
                .isEqualTo(3);
        assertThat(BudgetGuard.framesWithin(money("10"), money("9.5"), money("0.8"), 0)).as("half a frame left").isEqualTo(0);
    }

    @Test
    void framesSlowerThanTheDearestByLessThanTheHeadroomStayWithinTheBudget() {
        // Frames measured at 1.0 and 1.2: the mean (1.1) pays for 9 more of 10 left, and 9 frames of 1.2 would pass it.
        BigDecimal left = money("10");
        int released = BudgetGuard.framesWithin(left, BigDecimal.ZERO, money("1.2"), 0);
        assertThat(released).isEqualTo(6);
        BigDecimal worst = money("1.2").multiply(BudgetGuard.HEADROOM).multiply(BigDecimal.valueOf(released));
        assertThat(worst).as("every released frame as slow as the headroom allows").isLessThanOrEqualTo(left);
    }

    @Test
    void framesInFlightArePricedLikeTheRest() {
        assertThat(BudgetGuard.framesWithin(money("10"), money("4"), money("0.8"), 2)).isEqualTo(4);
        assertThat(BudgetGuard.framesWithin(money("10"), money("4"), money("0.8"), 6)).isEqualTo(0);
        assertThat(BudgetGuard.framesWithin(money("10"), money("4"), money("0.8"), 9)).as("never negative").isEqualTo(0);
    }

    @Test
    void theBudgetIsExhaustedWhenNothingIsInFlightAndItPaysForNoFurtherFrame() {
        assertThat(BudgetGuard.exhausted(money("10"), money("9.5"), money("0.8"), 0)).isTrue();
        assertThat(BudgetGuard.exhausted(money("10"), money("9"), money("0.8"), 0)).as("one more fits").isFalse();
    }

    /** Frames in flight may cost less than the dearest with headroom: the task waits for them, releasing nothing. */
    @Test
    void whileFramesInFlightLeaveNoRoomTheTaskWaitsInsteadOfPausing() {
        assertThat(BudgetGuard.framesWithin(money("10"), money("4"), money("0.8"), 6)).isZero();
        assertThat(BudgetGuard.exhausted(money("10"), money("4"), money("0.8"), 6)).isFalse();
        assertThat(BudgetGuard.exhausted(money("10"), money("10"), money("0.8"), 6)).as("spent already").isTrue();
    }

    @Test
    void aBudgetSpentOrOverspentPaysForNothingMeasuredOrNot() {
        assertThat(BudgetGuard.framesWithin(money("10"), money("10"), money("1"), 0)).isEqualTo(0);
        assertThat(BudgetGuard.framesWithin(money("10"), money("10"), null, 0)).isEqualTo(0);
        assertThat(BudgetGuard.framesWithin(money("10"), money("12"), money("1"), 0)).isEqualTo(0);
        assertThat(BudgetGuard.exhausted(money("10"), money("10"), null, 0)).isTrue();
        assertThat(BudgetGuard.exhausted(money("10"), money("12"), money("1"), 0)).isTrue();
    }

    @Test
    void framesThatCostNothingAreNotLimitedWhileBudgetIsLeft() {
        assertThat(BudgetGuard.framesWithin(money("10"), BigDecimal.ZERO, BigDecimal.ZERO, 50)).isEqualTo(Integer.MAX_VALUE);
        assertThat(BudgetGuard.exhausted(money("10"), BigDecimal.ZERO, BigDecimal.ZERO, 50)).isFalse();
        assertThat(BudgetGuard.framesWithin(money("10"), money("10"), BigDecimal.ZERO, 0)).isEqualTo(0);
    }

    @Test
    void theFrameCostIsComparedExactlyNotRounded() {
        // CostMeter.exact: 0.8 s at 1 per hour = 0.000222222222 a frame, priced 0.000277777778 with headroom;
        // 0.001 pays for 3 of them, not for 0.001 / 0.0003
        BigDecimal dearest = CostMeter.exact(0.8, BigDecimal.ONE);
        assertThat(BudgetGuard.framesWithin(money("0.001"), BigDecimal.ZERO, dearest, 0)).isEqualTo(3);
    }

    @Test
    void aHugeBudgetOfNearlyFreeFramesIsCappedNotOverflowed() {
        // 10,000,000 / 0.000000000001 = 10^19 frames: beyond a long, which must not wrap into "none"
        BigDecimal tiniestMean = new BigDecimal("0.000000000001");
        assertThat(BudgetGuard.framesWithin(money("10000000"), BigDecimal.ZERO, tiniestMean, 0)).isEqualTo(Integer.MAX_VALUE);
        assertThat(BudgetGuard.exhausted(money("10000000"), BigDecimal.ZERO, tiniestMean, 0)).isFalse();
        assertThat(BudgetGuard.framesWithin(money("1"), BigDecimal.ZERO, money("0.0000000001"), 0)).as("10^10 frames")
                .isEqualTo(Integer.MAX_VALUE);
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
