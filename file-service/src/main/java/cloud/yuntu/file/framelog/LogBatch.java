package cloud.yuntu.file.framelog;

import java.time.Instant;
import java.util.UUID;

/** One batch of a frame attempt's log lines as it is kept: the agent's LZ4 block, unchanged. */
record LogBatch(UUID taskId, UUID frameId, int attempt, String agentId, long firstLine, int lineCount,
        int uncompressedBytes, byte[] lz4, Instant sentAt) {

    /** The key under which a batch is kept once: a redelivery or a second copy has the same one. */
    record Key(UUID frameId, int attempt, long firstLine) {
    }

    Key key() {
        return new Key(frameId, attempt, firstLine);
    }
}
