package cloud.yuntu.task.frame;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.FrameStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a frame row moves on a failure or when its attempt is taken back. */
class FrameTest {

    private static final Instant DISPATCHED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant STARTED = Instant.parse("2026-01-01T10:00:05Z");
    private static final Instant NOW = Instant.parse("2026-01-01T10:01:00Z");

    @Test
    void aRetryableFailureSendsTheFrameBackToWaitingAndCountsIt() {
        Frame failed = running(1, 0).failed("render error", true, 3, NOW);
        assertThat(failed.status()).isEqualTo(FrameStatus.WAITING);
        assertThat(failed.failures()).isEqualTo(1);
        assertThat(failed.attempt()).as("the next release makes the next attempt").isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("render error");
        assertThat(failed.agentId()).isNull();
        assertThat(failed.startedAt()).isNull();
        assertThat(failed.finishedAt()).isNull();
        assertThat(failed.percent()).isNull();
        assertThat(failed.inFlight()).isFalse();
    }

    @Test
    void theFrameDiesWhenItsFailuresReachMaxAttempts() {
        assertThat(running(2, 1).failed("x", true, 3, NOW).status()).isEqualTo(FrameStatus.WAITING);
        Frame dead = running(3, 2).failed("render error", true, 3, NOW);
        assertThat(dead.status()).isEqualTo(FrameStatus.DEAD);
        assertThat(dead.failures()).isEqualTo(3);
        assertThat(dead.agentId()).as("who it died on stays known").isEqualTo("agent-1");
        assertThat(dead.startedAt()).isEqualTo(STARTED);
        assertThat(dead.finishedAt()).isEqualTo(NOW);
        assertThat(dead.lastError()).isEqualTo("render error");
    }

    @Test
    void failuresNotAttemptsAreWhatMaxAttemptsCaps() {
        // released five times, but three of those were taken back (a pause, a blocklisted agent): only 2 failures
        assertThat(running(5, 1).failed("x", true, 3, NOW).status()).isEqualTo(FrameStatus.WAITING);
        assertThat(running(5, 2).failed("x", true, 3, NOW).status()).isEqualTo(FrameStatus.DEAD);
    }

    @Test
    void oneAttemptAllowedDiesOnTheFirstFailure() {
        assertThat(running(1, 0).failed("x", true, 1, NOW).status()).isEqualTo(FrameStatus.DEAD);
    }

    @Test
    void aFailureAnotherAttemptCannotHelpKillsTheFrameAtOnce() {
        Frame dead = running(1, 0).failed("scene error", false, 10, NOW);
        assertThat(dead.status()).isEqualTo(FrameStatus.DEAD);
        assertThat(dead.failures()).isEqualTo(1);
        assertThat(dead.finishedAt()).isEqualTo(NOW);
    }

    @Test
    void aFailureKeepsWhatTheFrameIs() {
        Frame failed = frame(4, 1, true, 3, FrameStatus.RUNNING).failed("x", true, 5, NOW);
        assertThat(failed.test()).isTrue();
        assertThat(failed.chunkStart()).isEqualTo(3);
        assertThat(failed.number()).isEqualTo(4);
        assertThat(failed.layer()).isEqualTo("beauty");
        assertThat(failed.dispatchedAt()).isEqualTo(DISPATCHED);
    }

    @Test
    void aTakenBackFrameWaitsAgainWithoutAFailureCounted() {
        Frame taken = running(2, 1).takenBack("taken back: the task was paused");
        assertThat(taken.status()).isEqualTo(FrameStatus.WAITING);
        assertThat(taken.failures()).isEqualTo(1);
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(taken.agentId()).isNull();
        assertThat(taken.startedAt()).isNull();
        assertThat(taken.finishedAt()).isNull();
        assertThat(taken.percent()).isNull();
        assertThat(taken.lastError()).isEqualTo("taken back: the task was paused");
        assertThat(taken.inFlight()).isFalse();
    }

    @Test
    void takingBackAgainAndAgainNeverKillsAFrame() {
        Frame frame = running(1, 2);
        for (int i = 0; i < 10; i++) {
            frame = frame.takenBack("paused").running("agent-1", NOW);
        }
        assertThat(frame.failures()).isEqualTo(2);
        assertThat(frame.failed("x", true, 3, NOW).status()).as("the third failure still kills it").isEqualTo(FrameStatus.DEAD);
    }

    @Test
    void takingBackKeepsWhatTheFrameIs() {
        Frame taken = frame(7, 1, true, 5, FrameStatus.DISPATCHED).takenBack("agent blocklisted");
        assertThat(taken.test()).isTrue();
        assertThat(taken.chunkStart()).isEqualTo(5);
        assertThat(taken.leadsChunk()).isFalse();
    }

    @Test
    void inFlightMeansReleasedOrRendering() {
        assertThat(frame(1, 1, false, 1, FrameStatus.DISPATCHED).inFlight()).isTrue();
        assertThat(frame(1, 1, false, 1, FrameStatus.RUNNING).inFlight()).isTrue();
        assertThat(frame(1, 0, false, 1, FrameStatus.WAITING).inFlight()).isFalse();
        assertThat(frame(1, 1, false, 1, FrameStatus.SUCCEEDED).inFlight()).isFalse();
        assertThat(frame(1, 1, false, 1, FrameStatus.DEAD).inFlight()).isFalse();
    }

    @Test
    void theFirstFrameOfAChunkLeadsIt() {
        assertThat(frame(5, 0, false, 5, FrameStatus.WAITING).leadsChunk()).isTrue();
        assertThat(frame(6, 0, false, 5, FrameStatus.WAITING).leadsChunk()).isFalse();
    }

    @Test
    void aTakeoverMovesTheFrameToItsNewHolderAndForgetsTheOldOnesPercentage() {
        Instant later = NOW.plusSeconds(30);
        Frame taken = running(1, 0).takenOver("agent-2", later).heldBy(65_538L);
        assertThat(taken.status()).isEqualTo(FrameStatus.RUNNING);
        assertThat(taken.agentId()).isEqualTo("agent-2");
        assertThat(taken.startedAt()).isEqualTo(later);
        assertThat(taken.percent()).isNull();
        assertThat(taken.fencingToken()).isEqualTo(65_538L);
        assertThat(taken.attempt()).isEqualTo(1);
        assertThat(running(1, 0).heldBy(null).fencingToken()).as("a report without a token keeps the frame's")
                .isEqualTo(65_537L);
    }

    private static Frame running(int attempt, int failures) {
        return new Frame(UUID.randomUUID(), UUID.randomUUID(), "beauty", 1, FrameStatus.RUNNING, attempt, failures, false, 1,
                "agent-1", DISPATCHED, STARTED, null, null, null, 40.0, List.of(), null, 65_537L);
    }

    private static Frame frame(int number, int attempt, boolean test, int chunkStart, FrameStatus status) {
        return new Frame(UUID.randomUUID(), UUID.randomUUID(), "beauty", number, status, attempt, 0, test, chunkStart,
                "agent-1", DISPATCHED, STARTED, null, null, null, null, List.of(), null, null);
    }
}
