package cloud.yuntu.file.framelog;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.platform.identity.Caller;
import java.util.Optional;

/**
 * Whether a {@link FrameLogBatch} read from {@code farm.frame-logs} can be kept: every field the
 * table needs, an agent id the table can hold, and an LZ4 block that decodes to exactly the lines it
 * announces. A batch that fails is logged and skipped by the consumer; one that passes is stored as
 * it came and can always be read back. Pure.
 */
final class LogBatchCheck {

    private LogBatchCheck() {
    }

    /** @return why the batch cannot be kept; empty when it can */
    static Optional<String> problem(FrameLogBatch batch) {
        return Optional.ofNullable(problemWith(batch));
    }

    /** The row of a batch {@link #problem} found nothing wrong with. */
    static LogBatch kept(FrameLogBatch batch) {
        return new LogBatch(batch.taskId(), batch.frameId(), batch.attempt(), batch.agentId(), batch.firstLine(),
                batch.lineCount(), batch.uncompressedBytes(), batch.lz4(), batch.time());
    }

    private static String problemWith(FrameLogBatch batch) {
        if (batch.taskId() == null || batch.frameId() == null) {
            return "no task or frame id";
        }
        if (batch.time() == null) {
            return "no time";
        }
        if (batch.attempt() < 1) {
            return "attempt " + batch.attempt() + " is below 1";
        }
        if (batch.firstLine() < 0) {
            return "firstLine " + batch.firstLine() + " is negative";
        }
        if (batch.lineCount() < 1) {
            return "lineCount " + batch.lineCount() + ": a batch holds at least one line";
        }
        String agent = batch.agentId();
        // Stored in a varchar(255) and shown in listings: the same rule as a caller's id.
        if (agent == null || agent.isBlank() || agent.length() > Caller.MAX_ID_LENGTH
                || agent.chars().anyMatch(Character::isISOControl)) {
            return "no usable agent id";
        }
        if (batch.lz4() == null) {
            return "no lz4 block";
        }
        try {
            LogBlock.lines(batch.lz4(), batch.uncompressedBytes(), batch.lineCount());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }
}
