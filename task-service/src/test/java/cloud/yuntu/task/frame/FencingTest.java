package cloud.yuntu.task.frame;

import static cloud.yuntu.task.frame.Fencing.Verdict.APPLY;
import static cloud.yuntu.task.frame.Fencing.Verdict.STALE;
import static cloud.yuntu.task.frame.Fencing.Verdict.TAKE_OVER;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.FencingToken;
import org.junit.jupiter.api.Test;

/** Which delivery of a frame's current attempt a report may speak for. */
class FencingTest {

    private static final int ATTEMPT = 3;
    private static final long FIRST = FencingToken.of(ATTEMPT, 1);
    private static final long SECOND = FencingToken.of(ATTEMPT, 2);
    private static final long THIRD = FencingToken.of(ATTEMPT, 3);

    @Test
    void theFirstReportOfAReleasedFrameHoldsIt() {
        assertThat(Fencing.of(ATTEMPT, null, null, "a", FIRST, true)).isEqualTo(APPLY);
        // an agent that could not even start (download failed, refused) reports without a start
        assertThat(Fencing.of(ATTEMPT, null, null, "a", FIRST, false)).isEqualTo(APPLY);
    }

    @Test
    void theHoldersOwnReportsApply() {
        assertThat(Fencing.of(ATTEMPT, "a", FIRST, "a", FIRST, false)).isEqualTo(APPLY);
        assertThat(Fencing.of(ATTEMPT, "a", FIRST, "a", FIRST, true)).isEqualTo(APPLY);
    }

    @Test
    void aRedeliveryToAnotherAgentTakesTheFrameOver() {
        assertThat(Fencing.of(ATTEMPT, "a", FIRST, "b", SECOND, true)).isEqualTo(TAKE_OVER);
        // The newer delivery may fail or hand the job back before it starts: it still holds the frame.
        assertThat(Fencing.of(ATTEMPT, "a", FIRST, "b", THIRD, false)).isEqualTo(TAKE_OVER);
    }

    @Test
    void aReportOfAnOlderDeliveryChangesNothing() {
        // the first holder, hung or cut off from the broker, reports late
        assertThat(Fencing.of(ATTEMPT, "b", SECOND, "a", FIRST, false)).isEqualTo(STALE);
        assertThat(Fencing.of(ATTEMPT, "b", SECOND, "a", FIRST, true)).isEqualTo(STALE);
        // and while the frame is only released, an older token than the one kept is no newer delivery either
        assertThat(Fencing.of(ATTEMPT, null, SECOND, "a", FIRST, false)).isEqualTo(STALE);
    }

    @Test
    void twoDeliveriesCountedAlikeGoToTheLaterStart() {
        // A restarted broker delivers a record it had not persisted as acquired with the same count again.
        assertThat(Fencing.of(ATTEMPT, "a", SECOND, "b", SECOND, true)).isEqualTo(TAKE_OVER);
        assertThat(Fencing.of(ATTEMPT, "a", SECOND, "b", SECOND, false)).isEqualTo(STALE);
    }

    @Test
    void aTokenOfAnEarlierAttemptHoldsNothingOfThisOne() {
        long earlier = FencingToken.of(ATTEMPT - 1, 5);
        assertThat(Fencing.of(ATTEMPT, null, earlier, "a", FIRST, true)).isEqualTo(APPLY);
        // the attempt was started by an agent that sends no token; another agent's token takes it over
        assertThat(Fencing.of(ATTEMPT, "old", earlier, "b", FIRST, true)).isEqualTo(TAKE_OVER);
        // and that agent's own reports apply as before
        assertThat(Fencing.of(ATTEMPT, "old", earlier, "old", null, false)).isEqualTo(APPLY);
    }

    @Test
    void reportsWithoutTokenApplyAsBeforeUnlessAnotherAgentHoldsTheFrameByToken() {
        assertThat(Fencing.of(ATTEMPT, null, null, "old", null, true)).isEqualTo(APPLY);
        assertThat(Fencing.of(ATTEMPT, "old", null, "old", null, false)).isEqualTo(APPLY);
        assertThat(Fencing.of(ATTEMPT, "old", null, "other-old", null, false)).as("no token anywhere: as before")
                .isEqualTo(APPLY);
        assertThat(Fencing.of(ATTEMPT, "a", FIRST, "a", null, false)).isEqualTo(APPLY);
        // an agent without tokens whose delivery was taken over by one with a token
        assertThat(Fencing.of(ATTEMPT, "b", SECOND, "old", null, false)).isEqualTo(STALE);
    }

    @Test
    void aHolderWithoutTokenLosesTheFrameToADeliveryWithOne() {
        assertThat(Fencing.of(ATTEMPT, "old", null, "b", FIRST, true)).isEqualTo(TAKE_OVER);
        assertThat(Fencing.of(ATTEMPT, "old", null, "old", FIRST, false)).isEqualTo(APPLY);
    }
}
