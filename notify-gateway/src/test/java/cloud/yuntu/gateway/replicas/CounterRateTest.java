package cloud.yuntu.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CounterRateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final CounterRate rate = new CounterRate(Duration.ofSeconds(60));

    @Test
    void withoutTwoSamplesThereIsNoRate() {
        assertThat(rate.perSecond()).isZero();
        rate.sample(T0, 100);
        assertThat(rate.perSecond()).isZero();
    }

    @Test
    void beforeTheWindowFilledTheRateIsOverTheTimeSampled() {
        rate.sample(T0, 100);
        rate.sample(T0.plusSeconds(10), 150);
        assertThat(rate.perSecond()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void onlyTheLastMinuteCounts() {
        rate.sample(T0, 0);
        // A burst in the first ten seconds, then 1 per second.
        rate.sample(T0.plusSeconds(10), 1000);
        for (int second = 11; second <= 130; second++) {
            rate.sample(T0.plusSeconds(second), 1000 + (second - 10));
        }
        assertThat(rate.perSecond()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aQuietMinuteIsZeroAgain() {
        rate.sample(T0, 0);
        rate.sample(T0.plusSeconds(1), 500);
        for (int second = 2; second <= 62; second++) {
            rate.sample(T0.plusSeconds(second), 500);
        }
        assertThat(rate.perSecond()).isZero();
    }

    @Test
    void aCounterThatWentBackIsNotANegativeRate() {
        rate.sample(T0, 500);
        rate.sample(T0.plusSeconds(5), 0);
        assertThat(rate.perSecond()).isZero();
    }
}
