package cloud.yuntu.task.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(1), Duration.ofMinutes(15));
    private final Instant failedAt = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theFirstFailuresCostNothing() {
        assertThat(throttle.backoff(0)).isZero();
        assertThat(throttle.backoff(2)).isZero();
        assertThat(throttle.wait(2, failedAt, failedAt)).isZero();
    }

    @Test
    void theDelayDoublesWithEveryFurtherFailure() {
        assertThat(throttle.backoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.backoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.backoff(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.backoff(12)).isEqualTo(Duration.ofSeconds(512));
    }

    @Test
    void theDelayStopsGrowingAtItsMaximumEvenForHugeCounts() {
        assertThat(throttle.backoff(13)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void anAttemptWaitsWhatIsLeftOfTheDelaySinceTheLastFailure() {
        assertThat(throttle.wait(5, failedAt, failedAt.plusSeconds(1))).isEqualTo(Duration.ofSeconds(3));
        assertThat(throttle.wait(5, failedAt, failedAt.plusSeconds(4))).isZero();
        assertThat(throttle.wait(5, failedAt, failedAt.plusSeconds(60))).isZero();
    }

    @Test
    void withoutAFailureThereIsNoWait() {
        assertThat(throttle.wait(0, null, failedAt)).isZero();
    }

    @Test
    void aMaximumBelowTheFirstDelayIsRefused() {
        assertThatThrownBy(() -> new LoginThrottle(1, Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
