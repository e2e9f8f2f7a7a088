package cloud.yuntu.contracts.frame;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * Renderer log lines on {@code farm.frame-logs}, key frameId. {@code lz4} is an LZ4 block of
 * the UTF-8 lines joined by '\n' (base64 in JSON); {@code firstLine} numbers the first of them
 * so a reader can order batches and drop duplicates. See
 * {@link cloud.yuntu.contracts.json.LogLines} to pack and unpack.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(FrameLogBatch.TYPE)
public record FrameLogBatch(
        UUID id,
        Instant time,
        UUID taskId,
        UUID frameId,
        int attempt,
        String agentId,
        long firstLine,
        int lineCount,
        int uncompressedBytes,
        byte[] lz4) implements FarmEvent {

    public static final String TYPE = "frame.logs.v1";
}
