package cloud.yuntu.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TransferAttemptsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final TransferFailed MISMATCH = new TransferFailed("digest mismatch", true, null);
    private static final TransferFailed AWAY = TransferFailed.unavailable("connection refused", null);

    private static TransferAttempts attempts() {
        return new TransferAttempts(4, Duration.ofMillis(500), Duration.ofMinutes(3));
    }

    @Test
    void failedAttemptsAreTriedAgainWithADoublingWaitUntilTheAttemptsAreSpent() {
        TransferAttempts attempts = attempts();
        assertThat(attempts.after(MISMATCH, T0)).contains(Duration.ofMillis(500));
        assertThat(attempts.after(MISMATCH, T0)).contains(Duration.ofSeconds(1));
        assertThat(attempts.after(MISMATCH, T0)).contains(Duration.ofSeconds(2));
        assertThat(attempts.after(MISMATCH, T0)).as("the fourth failure of four attempts").isEmpty();
    }

    @Test
    void aFailureNoAttemptCanMendEndsAtOnce() {
        assertThat(attempts().after(new TransferFailed("404: no such object", false, null), T0)).isEmpty();
    }

    @Test
    void anUnreachableFileServiceIsWaitedForWithinThePatienceWithoutSpendingAttempts() {
        TransferAttempts attempts = attempts();
        assertThat(attempts.after(AWAY, T0)).contains(Duration.ofMillis(500));
        assertThat(attempts.after(AWAY, T0.plusSeconds(1))).contains(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            assertThat(attempts.after(AWAY, T0.plusSeconds(2 + i))).as("at most %s between tries", TransferAttempts.LONGEST_WAIT)
                    .hasValueSatisfying(wait -> assertThat(wait).isLessThanOrEqualTo(TransferAttempts.LONGEST_WAIT));
        }
        assertThat(attempts.counted()).isZero();
        assertThat(attempts.after(AWAY, T0.plus(Duration.ofMinutes(3)).minusMillis(1))).isPresent();
        assertThat(attempts.after(AWAY, T0.plus(Duration.ofMinutes(3)))).as("away for the whole patience").isEmpty();
    }

    @Test
    void attemptsThatFailedBeforeAndAfterAnOutageStillCountAndAnotherOutageHasItsOwnPatience() {
        TransferAttempts attempts = attempts();
        attempts.after(MISMATCH, T0);
        attempts.after(AWAY, T0.plusSeconds(1));
        attempts.after(AWAY, T0.plusSeconds(170));
        assertThat(attempts.after(MISMATCH, T0.plusSeconds(171))).contains(Duration.ofSeconds(1));
        assertThat(attempts.after(AWAY, T0.plusSeconds(172))).as("a new outage, waited for afresh").isPresent();
        assertThat(attempts.after(AWAY, T0.plusSeconds(172 + 179))).isPresent();
        assertThat(attempts.after(MISMATCH, T0.plusSeconds(400))).contains(Duration.ofSeconds(2));
        assertThat(attempts.after(MISMATCH, T0.plusSeconds(401))).isEmpty();
    }

    @Test
    void aRefusedOrTimedOutConnectionIsUnreachableAndAnythingElseIsNot() {
        assertThat(FileServiceClient.unreachable(new CompletionException(new IOException("wrapped",
                new ConnectException("Connection refused"))))).isTrue();
        assertThat(FileServiceClient.unreachable(new RuntimeException(new java.util.concurrent.TimeoutException()))).isTrue();
        assertThat(FileServiceClient.unreachable(new IllegalStateException("a bug"))).isFalse();
        assertThat(TransferFailed.unavailableStatus(503)).isTrue();
        assertThat(TransferFailed.unavailableStatus(502)).isTrue();
        assertThat(TransferFailed.unavailableStatus(504)).isTrue();
        assertThat(TransferFailed.unavailableStatus(500)).as("an error of file-service itself").isFalse();
    }
}
