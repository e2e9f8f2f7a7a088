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

/** The frame events of one job on farm.frame-events, key taskId so a task's events stay in order. */
public final class FrameReporter {

    private final EventProducer producer;
    private final FrameJob job;
    private final String agentId;

    public FrameReporter(EventProducer producer, FrameJob job, String agentId) {
        this.producer = producer;
        this.job = job;
        this.agentId = agentId;
    }

    public void started(String host) {
        producer.sendAndWait(Topics.FRAME_EVENTS, key(),
                new FrameStarted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        host));
    }

    public void progress(double percent) {
        producer.send(Topics.FRAME_EVENTS, key(),
                new FrameProgress(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        percent));
    }

    public void completed(List<FrameOutput> outputs, double seconds, long peakMemoryBytes) {
        producer.sendAndWait(Topics.FRAME_EVENTS, key(),
                new FrameCompleted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(),
                        agentId, outputs, seconds, peakMemoryBytes));
    }

    public void failed(Integer exitCode, String reason, List<String> logTail, boolean retryable) {
        producer.sendAndWait(Topics.FRAME_EVENTS, key(),
                new FrameFailed(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        exitCode, reason, logTail, retryable));
    }

    private String key() {
        return job.taskId().toString();
    }
}
