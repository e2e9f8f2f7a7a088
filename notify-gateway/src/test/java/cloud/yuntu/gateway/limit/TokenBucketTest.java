package cloud.yuntu.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketLetsABurstThroughThenSaysHowLongToWait() {
        TokenBucket bucket = new TokenBucket(3, 2, 0);

        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        // Two tokens a second: the next one is half a second away.
        assertThat(bucket.take(0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRequestThatMayBeCutShortTakesWhatThereIs() {
        TokenBucket bucket = new TokenBucket(5, 5, 0);

        assertThat(bucket.takeUpTo(3, 0)).isEqualTo(3);
        assertThat(bucket.takeUpTo(4, 0)).isEqualTo(2);
        assertThat(bucket.takeUpTo(4, 0)).isZero();
        // Half a second gives two and a half tokens back: two whole ones.
        assertThat(bucket.takeUpTo(10, SECOND / 2)).isEqualTo(2);
        assertThat(bucket.takeUpTo(10, SECOND / 2 + SECOND / 5)).isEqualTo(1);
        assertThat(bucket.takeUpTo(0, 10 * SECOND)).isZero();
        assertThat(bucket.takeUpTo(100, 10 * SECOND)).as("never beyond the capacity").isEqualTo(5);
    }

    @Test
    void tokensComeBackAtTheRateButNeverBeyondTheCapacity() {
        TokenBucket bucket = new TokenBucket(2, 1, 0);
        bucket.take(0);
        bucket.take(0);

        assertThat(bucket.take(SECOND / 2)).isEqualTo(Duration.ofMillis(500));
        assertThat(bucket.take(SECOND)).isZero();
        assertThat(bucket.take(SECOND)).isEqualTo(Duration.ofSeconds(1));

        // An hour of silence refills two tokens, not 3600.
        long later = SECOND + 3600 * SECOND;
        assertThat(bucket.full(later)).isTrue();
        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isPositive();
    }

    @Test
    void aRefusedRequestTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.take(0);
        for (int i = 0; i < 100; i++) {
            bucket.take(0);
        }
        assertThat(bucket.take(SECOND)).isZero();
    }

    @Test
    void slowerThanOnePerSecondWorks() {
        TokenBucket bucket = new TokenBucket(1, 1.0 / 60, 0);
        bucket.take(0);
        assertThat(bucket.take(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(bucket.take(30 * SECOND)).isEqualTo(Duration.ofSeconds(30));
        assertThat(bucket.take(60 * SECOND)).isZero();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
