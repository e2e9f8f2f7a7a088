package cloud.yuntu.file.framelog;

import java.time.Instant;
import java.util.UUID;

/**
 * One frame attempt that has a log: who rendered it, how many lines arrived ({@code lines}, each
 * counted once), how many before the last of them never arrived ({@code missingLines}), the
 * uncompressed size of the batches kept, and the times of the first and last batch (the agent's clock).
 */
public record LoggedAttempt(UUID frameId, int attempt, String agentId, long lines, long missingLines, long bytes,
        Instant firstTime, Instant lastTime) {
}
