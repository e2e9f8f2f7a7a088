package cloud.yuntu.agent.job;

import cloud.yuntu.agent.render.RendererProcess;
import cloud.yuntu.agent.render.RendererProcess.KillReason;
import cloud.yuntu.contracts.frame.FrameJob;

/**
 * One delivery of a job on this agent, from intake to the acknowledgement its outcome calls for. The render
 * thread moves it to {@link Outcome#REPORTED}, {@link Outcome#REFUSED}, {@link Outcome#RETURNED} or
 * {@link Outcome#HANDED_BACK}; the intake thread reads that on its next poll and acknowledges the record (ACCEPT,
 * REJECT, ACCEPT or RELEASE).
 */
public final class FrameRun {

    /** What the share group is told about the job's record. */
    enum Outcome {
        /** Still rendering or uploading: renew the lock. */
        RUNNING,
        /** Completed or failed event confirmed by the broker: ACCEPT. */
        REPORTED,
        /** Refused unrun, and FrameFailed confirmed (see {@link JobCheck}): REJECT, no other agent gets the record. */
        REFUSED,
        /**
         * Not runnable here on the record's last delivery, and handed back to task-service by a confirmed report
         * ({@link LastDelivery}): ACCEPT, task-service releases the frame again.
         */
        RETURNED,
        /** Nothing reported (agent stopping, broker unreachable): RELEASE so another agent renders it. */
        HANDED_BACK
    }

    private final FrameJob job;
    private final Long fencingToken;
    private final Runnable onFinished;
    private volatile Outcome outcome = Outcome.RUNNING;
    private volatile long finishedNanos;
    private RendererProcess process;
    private KillReason stopRequest;

    /** @param fencingToken the delivery's fencing token, on every report of the run; null when unknown */
    FrameRun(FrameJob job, Long fencingToken, Runnable onFinished) {
        this.job = job;
        this.fencingToken = fencingToken;
        this.onFinished = onFinished;
    }

    public FrameJob job() {
        return job;
    }

    public Long fencingToken() {
        return fencingToken;
    }

    Outcome outcome() {
        return outcome;
    }

    /** Stops the frame for the user; it is reported failed, not retried. */
    public void cancel() {
        stop(KillReason.CANCELLED);
    }

    /** Stops the frame because the agent stops; the job goes back to the share group. */
    void abort() {
        stop(KillReason.SHUTDOWN);
    }

    synchronized KillReason stopRequest() {
        return stopRequest;
    }

    /** A stop requested before the renderer started reaches it as soon as it exists. */
    synchronized void attach(RendererProcess started) {
        process = started;
        if (stopRequest != null) {
            started.kill(stopRequest);
        }
    }

    private synchronized void stop(KillReason reason) {
        if (stopRequest == null) {
            stopRequest = reason;
        }
        if (process != null) {
            process.kill(reason);
        }
    }

    void finish(Outcome result) {
        finishedNanos = System.nanoTime();
        outcome = result;
        onFinished.run();
    }

    /** True once the job finished more than {@code nanos} ago. */
    boolean finishedLongerThan(long nanos) {
        return outcome != Outcome.RUNNING && System.nanoTime() - finishedNanos > nanos;
    }
}
