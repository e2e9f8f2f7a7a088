package cloud.yuntu.task.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole task's cost and wall time, estimated from its test frames. */
class EstimateTest {

    /** 3.6 per hour: a thousand renderer seconds cost exactly 1. */
    private static final BigDecimal PRICE = new BigDecimal("3.6");

    @Test
    void eachLayerCostsWhatItsOwnTestFramesTookOnAverage() {
        // a: mean 20 s x 100 frames; b: mean 60 s x 50 frames. One mean over all tests (30 s) would say 4500 s.
        Estimate estimate = Estimate.of(List.of(layer(100, 10.0, 20.0, 30.0), layer(50, 60.0)), PRICE, "CNY", 10);
        assertThat(estimate.cost()).isEqualByComparingTo("5.0");
        assertThat(estimate.currency()).isEqualTo("CNY");
        assertThat(estimate.seconds()).as("150 frames in 15 waves of the mean frame, 5000 s / 150").isEqualTo(500);
    }

    @Test
    void aLayerWithoutARenderedTestFrameTakesTheMeanOfAllTestFrames() {
        // all tests: (10 + 40 + 100) / 3 = 50 s, not the mean of the layer means (62.5 s)
        Estimate estimate = Estimate.of(List.of(layer(10, 10.0, 40.0), layer(10), layer(2, 100.0)), PRICE, "CNY", 1);
        // 10 x 25 + 10 x 50 + 2 x 100 = 950 s
        assertThat(estimate.cost()).isEqualByComparingTo("0.95");
        assertThat(estimate.seconds()).as("one slot renders one frame after another").isEqualTo(950);
    }

    @Test
    void nothingMeasuredIsNoEstimate() {
        assertThat(Estimate.of(List.of(layer(10), layer(5)), PRICE, "CNY", 4)).isNull();
        assertThat(Estimate.of(List.of(), PRICE, "CNY", 4)).isNull();
    }

    @Test
    void theWallTimeIsTheFramesInWavesAsWideAsTheSlots() {
        List<Estimate.Layer> tenFramesOfAMinute = List.of(layer(10, 60.0));
        assertThat(Estimate.of(tenFramesOfAMinute, PRICE, "CNY", 4).seconds()).as("4 + 4 + 2").isEqualTo(180);
        assertThat(Estimate.of(tenFramesOfAMinute, PRICE, "CNY", 5).seconds()).isEqualTo(120);
        assertThat(Estimate.of(tenFramesOfAMinute, PRICE, "CNY", 10).seconds()).isEqualTo(60);
        assertThat(Estimate.of(tenFramesOfAMinute, PRICE, "CNY", 1000).seconds()).as("more slots than frames").isEqualTo(60);
        assertThat(Estimate.of(tenFramesOfAMinute, PRICE, "CNY", 1).seconds()).isEqualTo(600);
    }

    @Test
    void noFreeSlotIsTakenAsOne() {
        List<Estimate.Layer> tenFramesOfAMinute = List.of(layer(10, 60.0));
        assertThat(Estimate.of(tenFramesOfAMinute, PRICE, "CNY", 0).seconds()).isEqualTo(600);
        assertThat(Estimate.of(tenFramesOfAMinute, PRICE, "CNY", -3).seconds()).isEqualTo(600);
    }

    @Test
    void theSlotsDoNotChangeTheCost() {
        List<Estimate.Layer> layers = List.of(layer(10, 60.0), layer(7, 12.0));
        assertThat(Estimate.of(layers, PRICE, "CNY", 1).cost()).isEqualByComparingTo(Estimate.of(layers, PRICE, "CNY", 8).cost());
    }

    @Test
    void theCostIsBilledLikeTheMeterRoundedHalfUpToFourDecimals() {
        // 1 s at 1 per hour = 0.000277..., billed 0.0003
        Estimate estimate = Estimate.of(List.of(layer(1, 1.0)), BigDecimal.ONE, "USD", 1);
        assertThat(estimate.cost()).isEqualTo(new BigDecimal("0.0003"));
        assertThat(estimate.currency()).isEqualTo("USD");
        assertThat(estimate.seconds()).isEqualTo(1);
    }

    @Test
    void aTaskOfOnlyTestFramesCostsWhatTheyTook() {
        Estimate estimate = Estimate.of(List.of(layer(3, 100.0, 200.0, 300.0)), PRICE, "CNY", 3);
        assertThat(estimate.cost()).isEqualByComparingTo("0.6");
        assertThat(estimate.seconds()).as("one wave of the mean frame").isEqualTo(200);
    }

    private static Estimate.Layer layer(int frames, Double... testSeconds) {
        return new Estimate.Layer(frames, List.of(testSeconds));
    }
}
