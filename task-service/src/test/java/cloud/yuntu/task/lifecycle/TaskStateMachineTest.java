package cloud.yuntu.task.lifecycle;

import static cloud.yuntu.contracts.task.TaskStatus.ANALYSING;
import static cloud.yuntu.contracts.task.TaskStatus.AWAITING_APPROVAL;
import static cloud.yuntu.contracts.task.TaskStatus.CANCELLED;
import static cloud.yuntu.contracts.task.TaskStatus.COMPLETED;
import static cloud.yuntu.contracts.task.TaskStatus.FAILED;
import static cloud.yuntu.contracts.task.TaskStatus.PAUSED;
import static cloud.yuntu.contracts.task.TaskStatus.QUEUED;
import static cloud.yuntu.contracts.task.TaskStatus.RENDERING;
import static cloud.yuntu.contracts.task.TaskStatus.SUBMITTED;
import static cloud.yuntu.contracts.task.TaskStatus.TESTING;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.task.TaskStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The task states and the moves between them, and where a task goes at its turning points. */
class TaskStateMachineTest {

    @Test
    void theHappyPathWithTestsAndApprovalIsAllowedStepByStep() {
        List<TaskStatus> path = List.of(SUBMITTED, ANALYSING, QUEUED, TESTING, AWAITING_APPROVAL, RENDERING, COMPLETED);
        for (int i = 0; i + 1 < path.size(); i++) {
            assertThat(TaskStateMachine.allows(path.get(i), path.get(i + 1))).as("%s -> %s", path.get(i), path.get(i + 1))
                    .isTrue();
        }
    }

    @Test
    void testsAndApprovalCanBeSkippedButNotTakenOutOfOrder() {
        assertThat(TaskStateMachine.allows(QUEUED, RENDERING)).as("no test frames").isTrue();
        assertThat(TaskStateMachine.allows(TESTING, RENDERING)).as("no approval asked").isTrue();
        assertThat(TaskStateMachine.allows(QUEUED, AWAITING_APPROVAL)).as("approval comes after tests").isFalse();
        assertThat(TaskStateMachine.allows(RENDERING, TESTING)).isFalse();
        assertThat(TaskStateMachine.allows(RENDERING, AWAITING_APPROVAL)).isFalse();
        assertThat(TaskStateMachine.allows(AWAITING_APPROVAL, TESTING)).isFalse();
        assertThat(TaskStateMachine.allows(SUBMITTED, RENDERING)).isFalse();
        assertThat(TaskStateMachine.allows(ANALYSING, TESTING)).isFalse();
    }

    @Test
    void aTaskPausesFromQueuedTestingAndRenderingOnly() {
        Set<TaskStatus> pausable = statesThatMayGoTo(PAUSED);
        assertThat(pausable).containsExactlyInAnyOrder(QUEUED, TESTING, RENDERING);
        assertThat(TaskStateMachine.allows(AWAITING_APPROVAL, PAUSED)).as("nothing renders while awaiting approval")
                .isFalse();
        assertThat(TaskStateMachine.allows(PAUSED, PAUSED)).isFalse();
    }

    @Test
    void aPausedTaskResumesWhereItWasAndMayStillEnd() {
        assertThat(TaskStateMachine.allows(PAUSED, QUEUED)).isTrue();
        assertThat(TaskStateMachine.allows(PAUSED, TESTING)).isTrue();
        assertThat(TaskStateMachine.allows(PAUSED, RENDERING)).isTrue();
        assertThat(TaskStateMachine.allows(PAUSED, COMPLETED)).as("frames in flight of a budget pause finish").isTrue();
        assertThat(TaskStateMachine.allows(PAUSED, FAILED)).isTrue();
        assertThat(TaskStateMachine.allows(PAUSED, CANCELLED)).isTrue();
        assertThat(TaskStateMachine.allows(PAUSED, AWAITING_APPROVAL)).as("it resumes to TESTING, which then asks")
                .isFalse();
    }

    @Test
    void anEndedTaskGoesBackOnlyToRenderingForARetryAndACancelledOneNowhere() {
        assertThat(movesFrom(COMPLETED)).containsExactly(RENDERING);
        assertThat(movesFrom(FAILED)).containsExactly(RENDERING);
        assertThat(movesFrom(CANCELLED)).isEmpty();
    }

    @Test
    void everyActiveStateCanBeCancelledIncludingAwaitingApproval() {
        assertThat(statesThatMayGoTo(CANCELLED))
                .containsExactlyInAnyOrder(SUBMITTED, ANALYSING, QUEUED, TESTING, AWAITING_APPROVAL, RENDERING, PAUSED);
    }

    @Test
    void onlyAStateThatRendersOrHasRenderedCanComplete() {
        assertThat(TaskStateMachine.allows(SUBMITTED, COMPLETED)).isFalse();
        assertThat(TaskStateMachine.allows(ANALYSING, COMPLETED)).isFalse();
        assertThat(TaskStateMachine.allows(QUEUED, COMPLETED)).isFalse();
        assertThat(TaskStateMachine.allows(RENDERING, COMPLETED)).isTrue();
        assertThat(TaskStateMachine.allows(TESTING, COMPLETED)).isTrue();
    }

    @Test
    void aTaskWhoseFramesAreAllTestFramesCanEndWhileAwaitingApproval() {
        // Every frame a test frame (one-frame layer with auto, say) and approveAfterTest: the tests end
        // the task, so it ends right after entering AWAITING_APPROVAL, whether anything rendered or not.
        assertThat(TaskStateMachine.allows(AWAITING_APPROVAL, COMPLETED)).isTrue();
        assertThat(TaskStateMachine.allows(AWAITING_APPROVAL, FAILED)).isTrue();
    }

    @Test
    void noStateMovesToItself() {
        for (TaskStatus s : TaskStatus.values()) {
            assertThat(TaskStateMachine.allows(s, s)).as("%s", s).isFalse();
        }
    }

    @Test
    void nothingMovesBackToSubmittedOrAnalysing() {
        assertThat(statesThatMayGoTo(SUBMITTED)).isEmpty();
        assertThat(statesThatMayGoTo(ANALYSING)).containsExactly(SUBMITTED);
    }

    @Test
    void theFirstReleaseStartsTheTestsWhenThereAreAny() {
        assertThat(TaskStateMachine.firstRelease(true)).isEqualTo(TESTING);
        assertThat(TaskStateMachine.firstRelease(false)).isEqualTo(RENDERING);
        assertThat(TaskStateMachine.allows(QUEUED, TaskStateMachine.firstRelease(true))).isTrue();
        assertThat(TaskStateMachine.allows(QUEUED, TaskStateMachine.firstRelease(false))).isTrue();
    }

    @Test
    void aDeadTestFrameFailsTheTaskOnlyWhenAskedToStopAfterTheTest() {
        assertThat(TaskStateMachine.afterTests(true, true, false)).isEqualTo(FAILED);
        assertThat(TaskStateMachine.afterTests(true, true, true)).as("stopping wins over approval").isEqualTo(FAILED);
        assertThat(TaskStateMachine.afterTests(true, false, false)).as("a dead test frame is just a dead frame")
                .isEqualTo(RENDERING);
        assertThat(TaskStateMachine.afterTests(true, false, true)).isEqualTo(AWAITING_APPROVAL);
    }

    @Test
    void testsThatRenderedGoOnToApprovalOrRendering() {
        assertThat(TaskStateMachine.afterTests(false, false, false)).isEqualTo(RENDERING);
        assertThat(TaskStateMachine.afterTests(false, true, false)).isEqualTo(RENDERING);
        assertThat(TaskStateMachine.afterTests(false, false, true)).isEqualTo(AWAITING_APPROVAL);
        assertThat(TaskStateMachine.afterTests(false, true, true)).isEqualTo(AWAITING_APPROVAL);
    }

    @Test
    void everyMoveAfterTheTestsIsAllowedFromTesting() {
        for (boolean died : new boolean[] {true, false}) {
            for (boolean stop : new boolean[] {true, false}) {
                for (boolean approve : new boolean[] {true, false}) {
                    assertThat(TaskStateMachine.allows(TESTING, TaskStateMachine.afterTests(died, stop, approve)))
                            .as("died %s stop %s approve %s", died, stop, approve).isTrue();
                }
            }
        }
    }

    @Test
    void aTaskEndsCompletedWhenAnyFrameRenderedAndFailedWhenNone() {
        assertThat(TaskStateMachine.atEnd(0)).isEqualTo(FAILED);
        assertThat(TaskStateMachine.atEnd(1)).isEqualTo(COMPLETED);
        assertThat(TaskStateMachine.atEnd(250)).isEqualTo(COMPLETED);
    }

    @Test
    void framesAreReleasedOnlyWhileQueuedTestingOrRendering() {
        assertThat(Arrays.stream(TaskStatus.values()).filter(TaskStateMachine::dispatchable))
                .containsExactlyInAnyOrder(QUEUED, TESTING, RENDERING);
    }

    private static Set<TaskStatus> movesFrom(TaskStatus from) {
        Set<TaskStatus> to = EnumSet.noneOf(TaskStatus.class);
        Arrays.stream(TaskStatus.values()).filter(s -> TaskStateMachine.allows(from, s)).forEach(to::add);
        return to;
    }

    private static Set<TaskStatus> statesThatMayGoTo(TaskStatus to) {
        Set<TaskStatus> from = EnumSet.noneOf(TaskStatus.class);
        Arrays.stream(TaskStatus.values()).filter(s -> TaskStateMachine.allows(s, to)).forEach(from::add);
        return from;
    }
}
