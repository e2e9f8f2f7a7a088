package cloud.yuntu.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreTheUpperEdgeOfTheirTenthOfAMillisecondAndNeverAboveTheMaximum() {
        LatencyHistogram histogram = new LatencyHistogram();
        // 1 ms .. 100 ms, one each.
        IntStream.rangeClosed(1, 100).forEach(ms -> histogram.record(ms * 1_000L));

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentileMillis(0.5)).isEqualTo(50.1);
        assertThat(histogram.percentileMillis(0.99)).isEqualTo(99.1);
        assertThat(histogram.percentileMillis(1.0)).isEqualTo(100.0);
        assertThat(histogram.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void beyondTenSecondsLatenciesCountPerTenMillisecondsAndBeyondTenMinutesKeepOnlyTheirMaximum() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(2_000);
        histogram.record(12_345_678);
        histogram.record(12_349_999);
        histogram.record(700_000_000);

        assertThat(histogram.percentileMillis(0.25)).isEqualTo(2.1);
        assertThat(histogram.percentileMillis(0.5)).isEqualTo(12_350.0);
        assertThat(histogram.percentileMillis(0.75)).isEqualTo(12_350.0);
        assertThat(histogram.percentileMillis(1.0)).isEqualTo(700_000.0);
        assertThat(histogram.maxMillis()).isEqualTo(700_000.0);
    }

    @Test
    void aNegativeLatencyOfTheClocksGranularityCountsAsNone() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-40);

        assertThat(histogram.maxMillis()).isZero();
        assertThat(histogram.percentileMillis(0.99)).isZero();
    }

    @Test
    void nothingRecordedHasNoFigures() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.percentileMillis(0.5)).isNaN();
        assertThat(histogram.maxMillis()).isNaN();
    }
}
