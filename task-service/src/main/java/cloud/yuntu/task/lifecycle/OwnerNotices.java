package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.notification.Notification.Kind;
import cloud.yuntu.contracts.notification.Notification.Level;
import cloud.yuntu.task.cost.CostMeter;
import cloud.yuntu.task.cost.Estimate;
import cloud.yuntu.task.frame.FrameCounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a task's owner is told when their task moves, on {@code farm.notifications}: only what needs
 * them or ends their wait, each once, with the numbers that matter. A pure rule; {@link TaskTransitions}
 * sends what it answers in the transaction of the move.
 *
 * <ul>
 *   <li>COMPLETED ({@code task.completed}): frames rendered of all, those that failed, how long it took,
 *       the final cost.
 *   <li>FAILED ({@code task.failed}): the reason, and what it cost when anything rendered.
 *   <li>AWAITING_APPROVAL ({@code task.awaiting-approval}): the test frames' outcome, the estimate, and
 *       that nothing more renders until the owner approves.
 *   <li>PAUSED by its budget ({@code task.budget-reached}): what was spent of the budget, what is left.
 *   <li>CANCELLED or PAUSED by an operator ({@code task.cancelled}, {@code task.paused}); the owner's own
 *       cancel or pause is not echoed back.
 * </ul>
 * Nothing else: the live events already show progress, and a notification for every move would bury
 * the ones that need the owner.
 */
public final class OwnerNotices {

    /** Longest failure reason quoted; the task's view has all of it. */
    static final int REASON_LIMIT = 1000;

    /**
     * One move of a task.
     *
     * @param before the task as it was
     * @param after  the task as the move left it (status, end time, estimate, pause cause)
     * @param by     who moved it
     * @param frames where its frames stand at the move
     */
    public record Move(Task before, Task after, Actor by, FrameCounts frames) {
    }

    private OwnerNotices() {
    }

    /** The notification to the owner that {@code move} calls for, dated {@code now}; empty when none. */
    public static Optional<Notification> about(Move move, Instant now) {
        Task task = move.after();
        FrameCounts frames = move.frames();
        if (move.before().status() == task.status()) {
            return Optional.empty();
        }
        return switch (task.status()) {
            case COMPLETED -> Optional.of(completed(task, frames, now));
            case FAILED -> Optional.of(failed(task, frames, now));
            case AWAITING_APPROVAL -> Optional.of(awaitingApproval(task, frames, now));
            case PAUSED -> task.pauseCause() == PauseCause.BUDGET ? Optional.of(budgetReached(task, frames, now))
                    : move.by() == Actor.OPERATOR ? Optional.of(pausedByOperator(task, frames, now)) : Optional.empty();
            case CANCELLED -> move.by() == Actor.OPERATOR ? Optional.of(cancelledByOperator(task, frames, now))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A task's frames wait for a render node no live agent is (a lane stalled); not a move of the task. */
    public static Notification stalled(UUID taskId, String userId, String reason, Instant since, Instant now) {
        return new Notification(UUID.randomUUID(), now, userId, Level.WARNING, "Task waiting for a render node",
                "Task " + taskId + " cannot render yet: " + reason + ", since " + since
                        + ". Its frames start as soon as such a node is back.", taskId, Kind.TASK_STALLED);
    }

    private static Notification completed(Task task, FrameCounts frames, Instant now) {
        Instant from = task.startedAt() != null ? task.startedAt() : task.createdAt();
        long seconds = task.completedAt() == null ? 0 : Duration.between(from, task.completedAt()).toSeconds();
        String rendered = frames.dead() == 0
                ? (frames.succeeded() == 1 ? "its one frame" : "all " + frames.succeeded() + " frames") + " rendered"
                : frames.succeeded() + " of " + frames.total() + " frames rendered";
        StringBuilder message = new StringBuilder(name(task)).append(" finished: ").append(rendered)
                .append(" in ").append(duration(seconds)).append('.');
        if (frames.dead() > 0) {
            message.append(' ').append(frames(frames.dead())).append(frames.dead() == 1 ? " has" : " have")
                    .append(" failed after all attempts.");
        }
        message.append(" Final cost: ").append(money(spent(task, frames), task.currency())).append('.');
        if (frames.dead() > 0) {
            message.append(" Retry the task to render the failed frames again.");
        }
        return notice(task, now, frames.dead() == 0 ? Level.INFO : Level.WARNING,
                frames.dead() == 0 ? "Task completed" : "Task completed with failed frames", message.toString(),
                Kind.TASK_COMPLETED);
    }

    private static Notification failed(Task task, FrameCounts frames, Instant now) {
        String reason = task.failureReason() == null || task.failureReason().isBlank() ? "no reason recorded"
                : clip(task.failureReason().strip());
        StringBuilder message = new StringBuilder(name(task)).append(" failed: ").append(reason);
        if (!reason.endsWith(".")) {
            message.append('.');
        }
        if (frames.succeeded() > 0 && task.pricePerHour() != null) {
            message.append(' ').append(frames(frames.succeeded())).append(" rendered before it failed cost ")
                    .append(money(spent(task, frames), task.currency())).append('.');
        }
        return notice(task, now, Level.ERROR, "Task failed", message.toString(), Kind.TASK_FAILED);
    }

    private static Notification awaitingApproval(Task task, FrameCounts frames, Instant now) {
        // While a task tests only its test frames are released, so what succeeded so far are test frames.
        String waits = "It waits for your approval: approve it to render the other " + frames(frames.remaining())
                + ", or cancel it.";
        Estimate estimate = task.estimate();
        String message;
        if (estimate == null) {
            message = "The test frames of " + lower(name(task)) + " ended, but none rendered (" + frames.testsDead()
                    + " failed), so there is no estimate. Check their logs. " + waits;
        } else {
            String tested = frames.testsDead() == 0 ? frames.succeeded() + " rendered"
                    : frames.succeeded() + " rendered, " + frames.testsDead() + " failed";
            message = "The test frames of " + lower(name(task)) + " are ready (" + tested + "). Estimate for the whole task: "
                    + money(estimate.cost(), estimate.currency()) + ", about " + duration(estimate.seconds()) + ". " + waits;
        }
        return notice(task, now, estimate == null || frames.testsDead() > 0 ? Level.WARNING : Level.INFO,
                "Test frames ready: approval needed", message, Kind.TASK_AWAITING_APPROVAL);
    }

    private static Notification budgetReached(Task task, FrameCounts frames, Instant now) {
        BigDecimal spent = TaskBudget.of(task, frames).spent();
        BigDecimal budget = task.policy().budget();
        int waiting = frames.remaining() - frames.inFlight();
        StringBuilder message = new StringBuilder(name(task)).append(" paused: ")
                .append(money(spent, task.currency())).append(" of its ")
                .append(budget == null ? "budget" : money(budget, task.currency()) + " budget")
                .append(" is spent, and what is left pays for no further frame. ")
                .append(frames.succeeded()).append(" of ").append(frames.total()).append(" frames rendered");
        if (frames.inFlight() > 0) {
            message.append("; ").append(frames(frames.inFlight())).append(" still rendering will be billed too");
        }
        message.append(". Raise the budget to render the ").append(frames(waiting))
                .append(" left; the task then resumes by itself.");
        return notice(task, now, Level.WARNING, "Budget reached: task paused", message.toString(), Kind.TASK_BUDGET_REACHED);
    }

    private static Notification pausedByOperator(Task task, FrameCounts frames, Instant now) {
        return notice(task, now, Level.WARNING, "Task paused by an operator",
                name(task) + " was paused by an operator" + soFar(task, frames) + ". Resume it to go on.",
                Kind.TASK_PAUSED);
    }

    private static Notification cancelledByOperator(Task task, FrameCounts frames, Instant now) {
        return notice(task, now, Level.WARNING, "Task cancelled by an operator",
                name(task) + " was cancelled by an operator" + soFar(task, frames) + ".", Kind.TASK_CANCELLED);
    }

    /** " after 12 of 40 frames rendered (0.0450 CNY)", or " before any frame rendered". */
    private static String soFar(Task task, FrameCounts frames) {
        if (frames.succeeded() == 0 || task.pricePerHour() == null) {
            return " before any frame rendered";
        }
        return " after " + frames.succeeded() + " of " + frames.total() + " frames rendered ("
                + money(spent(task, frames), task.currency()) + ")";
    }

    private static Notification notice(Task task, Instant now, Level level, String title, String message, String kind) {
        return new Notification(UUID.randomUUID(), now, task.userId(), level, title, message, task.id(), kind);
    }

    /** What the task's rendered frames cost, as its TaskCompleted and view bill it. */
    private static BigDecimal spent(Task task, FrameCounts frames) {
        return task.pricePerHour() == null ? BigDecimal.ZERO
                : CostMeter.of(frames.renderSeconds(), task.pricePerHour(), task.currency()).amount();
    }

    /** "Task <id> (shot.ma)": the id to act on, the scene to recognise it by. */
    private static String name(Task task) {
        return "Task " + task.id() + " (" + task.sceneFileName() + ")";
    }

    private static String lower(String sentence) {
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private static String frames(int n) {
        return n + (n == 1 ? " frame" : " frames");
    }

    private static String money(BigDecimal amount, String currency) {
        return amount.toPlainString() + (currency == null ? "" : " " + currency);
    }

    private static String clip(String reason) {
        return reason.codePointCount(0, reason.length()) <= REASON_LIMIT ? reason
                : reason.substring(0, reason.offsetByCodePoints(0, REASON_LIMIT - 1)) + "…";
    }

    /** "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h": the two largest units, as the console shows times. */
    static String duration(long seconds) {
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"d", "h", "min", "s"};
        long s = Math.max(0, seconds);
        int i = 0;
        while (i < sizes.length - 1 && s < sizes[i]) {
            i++;
        }
        String text = s / sizes[i] + " " + units[i];
        if (i < sizes.length - 1) {
            long small = s % sizes[i] / sizes[i + 1];
            if (small > 0) {
                text += " " + small + " " + units[i + 1];
            }
        }
        return text;
    }
}
