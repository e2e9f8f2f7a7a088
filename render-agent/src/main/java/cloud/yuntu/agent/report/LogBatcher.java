package cloud.yuntu.agent.report;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.json.LogLines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Groups a frame's renderer lines into LZ4 batches on farm.frame-logs (key frameId): one record
 * per interval or per {@code maxLines}, whichever comes first, instead of one per line. Lines are
 * numbered from 0 for the attempt so readers can order batches and drop duplicates.
 */
public final class LogBatcher implements AutoCloseable {

    private final EventProducer producer;
    private final FrameJob job;
    private final String agentId;
    private final int maxLines;
    private final List<String> pending = new ArrayList<>();
    private final Thread ticker;
    private long nextLine;
    private boolean closed;

    public LogBatcher(EventProducer producer, FrameJob job, String agentId, int maxLines, Duration interval) {
        this.producer = producer;
        this.job = job;
        this.agentId = agentId;
        this.maxLines = maxLines;
        this.ticker = Thread.ofVirtual().name("log-batches-" + job.frameId()).start(() -> tick(interval));
    }

    public synchronized void accept(String line) {
        if (closed) {
            return;
        }
        pending.add(line);
        if (pending.size() >= maxLines) {
            flush();
        }
    }

    @Override
    public void close() {
        ticker.interrupt();
        synchronized (this) {
            flush();
            closed = true;
        }
    }

    private void tick(Duration interval) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(interval);
                synchronized (this) {
                    flush();
                }
            }
        } catch (InterruptedException closing) {
            // close() sends what is left.
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        LogLines.Packed packed = LogLines.pack(pending);
        producer.send(Topics.FRAME_LOGS, job.frameId().toString(),
                new FrameLogBatch(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agentId,
                        nextLine, pending.size(), packed.uncompressedBytes(), packed.lz4()));
        nextLine += pending.size();
        pending.clear();
    }
}
