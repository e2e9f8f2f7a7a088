package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long an intake with jobs running waits between polls. */
class PollPaceTest {

    private static final JobIntake.IntakeSettings SETTINGS = new JobIntake.IntakeSettings("localhost:9092", "a1", 2,
            Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofSeconds(2), 5);

    @Test
    void withNoSlotToFillOnlyRenewalsAreDue() {
        assertThat(JobIntake.pauseWhileRunning(false, true, SETTINGS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(JobIntake.pauseWhileRunning(false, false, SETTINGS)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aFreeSlotIsLookedAfterEveryPollTimeout() {
        assertThat(JobIntake.pauseWhileRunning(true, false, SETTINGS)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void justAfterAJobEndedTheNextIsLookedForEveryHandOffInterval() {
        assertThat(JobIntake.pauseWhileRunning(true, true, SETTINGS)).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void renewalsAreNeverLate() {
        JobIntake.IntakeSettings quickRenewals = new JobIntake.IntakeSettings("localhost:9092", "a1", 2,
                Duration.ofSeconds(15), Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofSeconds(2), 5);
        assertThat(JobIntake.pauseWhileRunning(true, true, quickRenewals)).isEqualTo(Duration.ofMillis(10));
        assertThat(JobIntake.pauseWhileRunning(true, false, quickRenewals)).isEqualTo(Duration.ofMillis(10));
    }
}
