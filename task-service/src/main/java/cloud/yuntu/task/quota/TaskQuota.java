package cloud.yuntu.task.quota;

import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.TaskConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * What one user may hold at once: a number of active (not final) tasks, and a number of frames
 * in one task. A request beyond either is refused with 429; the first tells the client when to
 * look again, the second names the field, since only a smaller request can pass.
 *
 * @param activeTasks most tasks of one user not yet COMPLETED, FAILED or CANCELLED
 * @param framesPerTask most frames in one task
 * @param retryAfter the Retry-After of a refusal for too many active tasks
 */
public record TaskQuota(int activeTasks, int framesPerTask, Duration retryAfter) {

    public TaskQuota {
        if (activeTasks < 1 || framesPerTask < 1) {
            throw new IllegalArgumentException("quotas must allow at least one task and one frame");
        }
    }

    public static TaskQuota of(TaskConfig.Quota config) {
        return new TaskQuota(config.activeTasks(), config.framesPerTask(), config.retryAfter());
    }

    /** The refusal of a task of {@code frames} frames, if it has more than a task may have. */
    public Optional<ProblemException> refuseFrames(int frames) {
        if (frames <= framesPerTask) {
            return Optional.empty();
        }
        return Optional.of(ProblemException.quotaExceeded("frames",
                "expands to " + frames + " frames; a task may have at most " + framesPerTask));
    }

    /** The refusal of one more task for a user who holds {@code active} active tasks, if that is too many. */
    public Optional<ProblemException> refuseAnotherTask(long active) {
        if (active < activeTasks) {
            return Optional.empty();
        }
        return Optional.of(ProblemException.tooManyRequests("you have " + active + " active tasks, the most one user may have is "
                + activeTasks + "; submit again when one of them has completed, failed or been cancelled", retryAfter));
    }
}
