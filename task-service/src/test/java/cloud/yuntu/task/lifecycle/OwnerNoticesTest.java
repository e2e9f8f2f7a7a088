package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.notification.Notification.Kind;
import cloud.yuntu.contracts.notification.Notification.Level;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.cost.Estimate;
import cloud.yuntu.task.frame.FrameCounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OwnerNoticesTest {

    static final Instant STARTED = Instant.parse("2026-11-24T10:00:00Z");
    static final Instant NOW = STARTED.plus(Duration.ofMinutes(72));
    static final UUID ID = UUID.fromString("0b7c5f0e-1d2a-4c3b-9e8f-7a6b5c4d3e2f");

    @Test
    void aCompletedTaskTellsFramesDurationAndFinalCost() {
        // 10 frames of 36 s at 1.8 CNY per node hour: 360 / 3600 * 1.8.
        Notification n = about(task(TaskStatus.RENDERING, RunPolicy.DEFAULT), TaskStatus.COMPLETED, null, Actor.FARM,
                counts(10, 10, 0, 0, 360.0, 0)).orElseThrow();

        assertThat(n.kind()).isEqualTo(Kind.TASK_COMPLETED);
        assertThat(n.level()).isEqualTo(Level.INFO);
        assertThat(n.userId()).isEqualTo("alice");
        assertThat(n.taskId()).isEqualTo(ID);
        assertThat(n.time()).isEqualTo(NOW);
        assertThat(n.title()).isEqualTo("Task completed");
        assertThat(n.message()).isEqualTo("Task " + ID + " (shot.ma) finished: all 10 frames rendered in 1 h 12 min. "
                + "Final cost: 0.1800 CNY.");
    }

    @Test
    void aCompletedTaskWithDeadFramesSaysHowManyFailedAndThatARetryRendersThem() {
        Notification n = about(task(TaskStatus.RENDERING, RunPolicy.DEFAULT), TaskStatus.COMPLETED,
                "2 frames could not render; retry renders again", Actor.FARM, counts(10, 8, 2, 0, 288.0, 0)).orElseThrow();

        assertThat(n.kind()).isEqualTo(Kind.TASK_COMPLETED);
        assertThat(n.level()).isEqualTo(Level.WARNING);
        assertThat(n.title()).isEqualTo("Task completed with failed frames");
        assertThat(n.message()).isEqualTo("Task " + ID + " (shot.ma) finished: 8 of 10 frames rendered in 1 h 12 min. "
                + "2 frames have failed after all attempts. Final cost: 0.1440 CNY. "
                + "Retry the task to render the failed frames again.");
    }

    @Test
    void aFailedTaskGivesTheReasonAndWhatItCostWhenAnythingRendered() {
        String reason = "frame 5 failed after 3 attempts; frame 5 of layer beauty: unknown node type aiFoo";
        Notification nothing = about(task(TaskStatus.ANALYSING, RunPolicy.DEFAULT), TaskStatus.FAILED, reason, Actor.FARM,
                FrameCounts.NONE).orElseThrow();
        assertThat(nothing.kind()).isEqualTo(Kind.TASK_FAILED);
        assertThat(nothing.level()).isEqualTo(Level.ERROR);
        assertThat(nothing.title()).isEqualTo("Task failed");
        assertThat(nothing.taskId()).isEqualTo(ID);
        assertThat(nothing.message()).isEqualTo("Task " + ID + " (shot.ma) failed: " + reason + ".");

        // A failed test with stopAfterTest: the test frames that rendered are billed.
        Notification someRendered = about(task(TaskStatus.TESTING, RunPolicy.DEFAULT), TaskStatus.FAILED, "test " + reason,
                Actor.FARM, counts(9, 2, 1, 6, 20.0, 1)).orElseThrow();
        assertThat(someRendered.message()).endsWith("unknown node type aiFoo. 2 frames rendered before it failed cost 0.0100 CNY.");
    }

    @Test
    void aVeryLongReasonIsClippedTheTaskViewHasAllOfIt() {
        Notification n = about(task(TaskStatus.RENDERING, RunPolicy.DEFAULT), TaskStatus.FAILED, "x".repeat(5000), Actor.FARM,
                FrameCounts.NONE).orElseThrow();
        assertThat(n.message()).contains("x".repeat(OwnerNotices.REASON_LIMIT - 1) + "…").doesNotContain("x".repeat(1000));
        assertThat(n.message().length()).isLessThan(1200);
    }

    @Test
    void testFramesAwaitingApprovalQuoteTheEstimateAndAskForApproval() {
        Task testing = task(TaskStatus.TESTING, new RunPolicy("auto", false, true, null, 1))
                .withEstimate(new Estimate(new BigDecimal("0.0450"), "CNY", 10));
        Notification n = about(testing, TaskStatus.AWAITING_APPROVAL, "test frames rendered; waiting for approval",
                Actor.FARM, counts(9, 3, 0, 0, 30.0, 0)).orElseThrow();

        assertThat(n.kind()).isEqualTo(Kind.TASK_AWAITING_APPROVAL);
        assertThat(n.level()).isEqualTo(Level.INFO);
        assertThat(n.title()).isEqualTo("Test frames ready: approval needed");
        assertThat(n.message()).isEqualTo("The test frames of task " + ID + " (shot.ma) are ready (3 rendered). "
                + "Estimate for the whole task: 0.0450 CNY, about 10 s. "
                + "It waits for your approval: approve it to render the other 6 frames, or cancel it.");
    }

    @Test
    void testFramesThatAllFailedLeaveNoEstimateAndStillAskForApproval() {
        Notification n = about(task(TaskStatus.TESTING, new RunPolicy("1,5", false, true, null, 1)),
                TaskStatus.AWAITING_APPROVAL, "test frames rendered; waiting for approval", Actor.FARM,
                counts(9, 0, 2, 0, 0.0, 2)).orElseThrow();

        assertThat(n.level()).isEqualTo(Level.WARNING);
        assertThat(n.message()).contains("none rendered (2 failed), so there is no estimate")
                .endsWith("approve it to render the other 7 frames, or cancel it.");
    }

    @Test
    void aBudgetPauseSaysWhatWasSpentOfTheBudgetAndHowToGoOn() {
        Task rendering = task(TaskStatus.RENDERING, new RunPolicy(null, false, false, new BigDecimal("0.012"), 1));
        Task paused = rendering.movedTo(TaskStatus.PAUSED, "budget reached", NOW).pausedBy(PauseCause.BUDGET);
        Notification n = OwnerNotices.about(new OwnerNotices.Move(rendering, paused, Actor.FARM,
                counts(6, 2, 0, 0, 20.0, 0)), NOW).orElseThrow();

        assertThat(n.kind()).isEqualTo(Kind.TASK_BUDGET_REACHED);
        assertThat(n.level()).isEqualTo(Level.WARNING);
        assertThat(n.title()).isEqualTo("Budget reached: task paused");
        assertThat(n.message()).isEqualTo("Task " + ID + " (shot.ma) paused: 0.0100 CNY of its 0.012 CNY budget is spent, "
                + "and what is left pays for no further frame. 2 of 6 frames rendered. "
                + "Raise the budget to render the 4 frames left; the task then resumes by itself.");
    }

    @Test
    void aBudgetSpentWhileFramesRenderCountsThemAsBilledToo() {
        Task rendering = task(TaskStatus.RENDERING, new RunPolicy(null, false, false, new BigDecimal("0.01"), 1));
        Task paused = rendering.movedTo(TaskStatus.PAUSED, "budget reached", NOW).pausedBy(PauseCause.BUDGET);
        FrameCounts frames = new FrameCounts(6, 2, 0, 0, 1, 20.0, 10.0, 0, 0);
        Notification n = OwnerNotices.about(new OwnerNotices.Move(rendering, paused, Actor.FARM, frames), NOW).orElseThrow();

        assertThat(n.message()).contains("2 of 6 frames rendered; 1 frame still rendering will be billed too. "
                + "Raise the budget to render the 3 frames left");
    }

    @Test
    void theOwnersOwnPauseAndCancelAreNotEchoedButAnOperatorsAre() {
        Task rendering = task(TaskStatus.RENDERING, RunPolicy.DEFAULT);
        FrameCounts frames = counts(40, 12, 0, 0, 90.0, 0);
        Task paused = rendering.movedTo(TaskStatus.PAUSED, "paused", NOW).pausedBy(PauseCause.USER);

        assertThat(OwnerNotices.about(new OwnerNotices.Move(rendering, paused, Actor.OWNER, frames), NOW)).isEmpty();
        assertThat(about(rendering, TaskStatus.CANCELLED, "cancelled by the user", Actor.OWNER, frames)).isEmpty();

        Notification pause = OwnerNotices.about(new OwnerNotices.Move(rendering, paused, Actor.OPERATOR, frames), NOW)
                .orElseThrow();
        assertThat(pause.kind()).isEqualTo(Kind.TASK_PAUSED);
        assertThat(pause.title()).isEqualTo("Task paused by an operator");
        assertThat(pause.message()).isEqualTo("Task " + ID + " (shot.ma) was paused by an operator after 12 of 40 frames "
                + "rendered (0.0450 CNY). Resume it to go on.");

        Notification cancel = about(rendering, TaskStatus.CANCELLED, "cancelled by an operator", Actor.OPERATOR, frames)
                .orElseThrow();
        assertThat(cancel.kind()).isEqualTo(Kind.TASK_CANCELLED);
        assertThat(cancel.level()).isEqualTo(Level.WARNING);
        assertThat(cancel.title()).isEqualTo("Task cancelled by an operator");
        assertThat(cancel.message()).isEqualTo("Task " + ID + " (shot.ma) was cancelled by an operator after 12 of 40 "
                + "frames rendered (0.0450 CNY).");

        Notification early = about(task(TaskStatus.ANALYSING, RunPolicy.DEFAULT), TaskStatus.CANCELLED, "cancelled",
                Actor.OPERATOR, FrameCounts.NONE).orElseThrow();
        assertThat(early.message()).endsWith("was cancelled by an operator before any frame rendered.");
    }

    @Test
    void movesThatNeedNothingOfTheOwnerTellNothing() {
        FrameCounts frames = counts(10, 3, 0, 0, 30.0, 0);
        assertThat(about(task(TaskStatus.SUBMITTED, RunPolicy.DEFAULT), TaskStatus.ANALYSING, "analysing", Actor.FARM,
                FrameCounts.NONE)).isEmpty();
        assertThat(about(task(TaskStatus.ANALYSING, RunPolicy.DEFAULT), TaskStatus.QUEUED, "analysed", Actor.FARM, frames))
                .isEmpty();
        assertThat(about(task(TaskStatus.QUEUED, RunPolicy.DEFAULT), TaskStatus.TESTING, null, Actor.FARM, frames)).isEmpty();
        assertThat(about(task(TaskStatus.TESTING, RunPolicy.DEFAULT), TaskStatus.RENDERING, "test frames rendered",
                Actor.FARM, frames)).isEmpty();
        assertThat(about(task(TaskStatus.AWAITING_APPROVAL, RunPolicy.DEFAULT), TaskStatus.RENDERING, "approved",
                Actor.OPERATOR, frames)).isEmpty();
        assertThat(about(task(TaskStatus.PAUSED, RunPolicy.DEFAULT), TaskStatus.RENDERING, "resumed", Actor.OPERATOR,
                frames)).isEmpty();
        // A retry brings an ended task back; its next end is told again.
        assertThat(about(task(TaskStatus.COMPLETED, RunPolicy.DEFAULT), TaskStatus.RENDERING, "retry of 2 frames",
                Actor.OWNER, frames)).isEmpty();
    }

    @Test
    void aStalledTaskIsAWarningAboutThatTask() {
        Instant since = NOW.minusSeconds(40);
        Notification n = OwnerNotices.stalled(ID, "alice", "no live agent in pool basic (frames for arnold wait)", since, NOW);

        assertThat(n.kind()).isEqualTo(Kind.TASK_STALLED);
        assertThat(n.taskId()).isEqualTo(ID);
        assertThat(n.userId()).isEqualTo("alice");
        assertThat(n.level()).isEqualTo(Level.WARNING);
        assertThat(n.message()).contains("no live agent in pool basic").contains(since.toString());
    }

    @Test
    void durationsShowTheTwoLargestUnits() {
        assertThat(OwnerNotices.duration(0)).isEqualTo("0 s");
        assertThat(OwnerNotices.duration(45)).isEqualTo("45 s");
        assertThat(OwnerNotices.duration(60)).isEqualTo("1 min");
        assertThat(OwnerNotices.duration(725)).isEqualTo("12 min 5 s");
        assertThat(OwnerNotices.duration(3 * 3600 + 20 * 60 + 59)).isEqualTo("3 h 20 min");
        assertThat(OwnerNotices.duration(2 * 86_400 + 4 * 3600)).isEqualTo("2 d 4 h");
    }

    private static Optional<Notification> about(Task before, TaskStatus to, String reason, Actor by, FrameCounts frames) {
        return OwnerNotices.about(new OwnerNotices.Move(before, before.movedTo(to, reason, NOW), by, frames), NOW);
    }

    /** Frames of one task; the in-flight and open-test counts are 0, as at the moves the owner hears of. */
    private static FrameCounts counts(int total, int succeeded, int dead, int cancelled, double renderSeconds, int testsDead) {
        return new FrameCounts(total, succeeded, dead, cancelled, 0, renderSeconds, succeeded == 0 ? 0 : renderSeconds / succeeded,
                0, testsDead);
    }

    /** alice's task of shot.ma on a 1.8 CNY per hour tier, started at {@link #STARTED}. */
    private static Task task(TaskStatus status, RunPolicy policy) {
        return new Task(ID, "alice", status, status == TaskStatus.PAUSED ? TaskStatus.RENDERING : null,
                new StoredObject("scenes/20261124/abc/shot.ma", 100, "a", "b", "c"), null, 10, "basic", "basic",
                new BigDecimal("1.8000"), "CNY", List.of(), "results/20261124/" + ID + "/", 50, 3, 0.0, null,
                STARTED.minusSeconds(30), STARTED, null, policy, null, null);
    }
}
