package cloud.yuntu.agent.report;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameProgress;
import cloud.yuntu.contracts.frame.FrameStarted;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The frame events of one delivery of a job on farm.frame-events, key taskId so a task's events stay in order. Every
 * event carries the delivery's fencing token: task-service lets a later delivery of the job (to another agent, after
 * this one's record lock ran out) take the frame over, and then ignores this one's reports.
 */
public final class FrameReporter {

    private final EventProducer producer;
    private final FrameJob job;
    private final String agentId;
    private final Long fencingToken;

    /** @param fencingToken the delivery's {@link cloud.yuntu.contracts.frame.FencingToken}; null when unknown */
    public FrameReporter(EventProducer producer, FrameJob job, String agentId, Long fencingToken) {
        this.producer = producer;
        this.job = job;
        this.agentId = agentId;
        this.fencingToken = fencingToken;
    }

    public void started(String host) {
        producer.sendAndWait(Topics.FRAME_EVENTS, key(),
                new FrameStarted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        host, fencingToken));
    }

    public void progress(double percent) {
        producer.send(Topics.FRAME_EVENTS, key(),
                new FrameProgress(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        percent, fencingToken));
    }

    public void completed(List<FrameOutput> outputs, double seconds, long peakMemoryBytes) {
        producer.sendAndWait(Topics.FRAME_EVENTS, key(),
                new FrameCompleted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(),
                        agentId, outputs, seconds, peakMemoryBytes, fencingToken));
    }

    public void failed(Integer exitCode, String reason, List<String> logTail, boolean retryable) {
        producer.sendAndWait(Topics.FRAME_EVENTS, key(),
                new FrameFailed(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        exitCode, reason, logTail, retryable, fencingToken, false));
    }

    /**
     * The job given back unrun: no fault of the frame or of this agent. Retryable, so that a task-service that does
     * not know {@code handedBack} retries the frame as after a failure.
     */
    public void handedBack(String reason) {
        producer.sendAndWait(Topics.FRAME_EVENTS, key(),
                new FrameFailed(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        null, reason, List.of(), true, fencingToken, true));
    }

    private String key() {
        return job.taskId().toString();
    }
}
