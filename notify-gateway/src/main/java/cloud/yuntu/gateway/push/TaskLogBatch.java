package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.json.LogLines;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One batch of a frame's renderer log on its way to the connections following its task: unpacked
 * once for all of them, each line cut to the line limit. Not part of any stream: its message has no
 * {@code seq}, and what a connection misses of a live log is not replayed (the archived log is whole).
 */
final class TaskLogBatch {

    /** The envelope's event name. */
    static final String EVENT = "task:log";

    /**
     * The most a batch may unpack to. An agent sends a batch a second or every 200 lines, a few
     * kilobytes; a batch claiming more than this is not one, and is not given the memory.
     */
    static final int MAX_UNPACKED_BYTES = 16 * 1024 * 1024;

    /** What ends a cut line: the reader sees it was cut. */
    static final String CUT = "…";
    private static final int CUT_BYTES = 3;

    private final UUID taskId;
    private final UUID frameId;
    private final int attempt;
    private final String agentId;
    private final long firstLine;
    private final List<String> lines;
    private final int truncated;
    private final Instant ts;
    /** The message of a connection shown every line, written once for all of them. */
    private volatile String whole;

    private TaskLogBatch(FrameLogBatch batch, List<String> lines, int truncated, Instant ts) {
        this.taskId = batch.taskId();
        this.frameId = batch.frameId();
        this.attempt = batch.attempt();
        this.agentId = batch.agentId();
        this.firstLine = batch.firstLine();
        this.lines = lines;
        this.truncated = truncated;
        this.ts = ts;
    }

    /**
     * Unpacks the agent's batch and cuts each line to {@code lineLimit} bytes of UTF-8.
     *
     * @param ts when the gateway pushes it, the messages' {@code ts}
     * @throws Unreadable when the batch names no task or frame, or its lines cannot be unpacked
     */
    static TaskLogBatch read(FrameLogBatch batch, int lineLimit, Instant ts) {
        if (batch.taskId() == null || batch.frameId() == null) {
            throw new Unreadable("names no task or frame");
        }
        if (batch.uncompressedBytes() < 0 || batch.uncompressedBytes() > MAX_UNPACKED_BYTES) {
            throw new Unreadable("claims " + batch.uncompressedBytes() + " bytes of lines");
        }
        if (batch.uncompressedBytes() > 0 && batch.lz4() == null) {
            throw new Unreadable("has no lines to unpack");
        }
        List<String> raw;
        try {
            raw = LogLines.unpack(batch.lz4(), batch.uncompressedBytes());
        } catch (RuntimeException e) {
            // LZ4Exception for a corrupt block, or an index out of its bounds.
            throw new Unreadable("lines cannot be unpacked: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>(raw.size());
        int truncated = 0;
        for (String line : raw) {
            String cut = truncate(line, lineLimit);
            // truncate returns the very line when it fits.
            if (cut != line) {
                truncated++;
            }
            lines.add(cut);
        }
        return new TaskLogBatch(batch, List.copyOf(lines), truncated, ts);
    }

    /**
     * The line itself if it fits in {@code limit} bytes of UTF-8, else its longest start of whole
     * characters that fits with {@link #CUT} after it.
     */
    static String truncate(String line, int limit) {
        // A char is at most 3 bytes of UTF-8 (a pair of surrogates, 2 chars, is 4): most lines need no counting.
        if ((long) line.length() * 3 <= limit || utf8Length(line) <= limit) {
            return line;
        }
        int budget = Math.max(0, limit - CUT_BYTES);
        int bytes = 0;
        int end = 0;
        while (end < line.length()) {
            int codePoint = line.codePointAt(end);
            int size = utf8Length(codePoint);
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return line.substring(0, end) + CUT;
    }

    private static long utf8Length(String line) {
        long bytes = 0;
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            bytes += utf8Length(codePoint);
            i += Character.charCount(codePoint);
        }
        return bytes;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    UUID taskId() {
        return taskId;
    }

    List<String> lines() {
        return lines;
    }

    /** Lines cut to the line limit. */
    int truncated() {
        return truncated;
    }

    /**
     * The {@code task:log} message of a connection shown the first {@code shown} lines; the rest
     * are its {@code dropped}, so the client can say how many lines it is not shown, and where.
     */
    String message(int shown) {
        if (shown >= lines.size()) {
            String written = whole;
            if (written == null) {
                written = write(lines.size());
                whole = written;
            }
            return written;
        }
        return write(shown);
    }

    private String write(int shown) {
        Data data = new Data(taskId, frameId, attempt, agentId, firstLine, lines.subList(0, shown), lines.size() - shown);
        try {
            return FarmJson.mapper().writeValueAsString(new Message(EVENT, data, ts));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the log of frame " + frameId, e);
        }
    }

    /** {@code firstLine} numbers {@code lines[0]} within the frame's attempt; {@code dropped} lines followed them. */
    @JsonPropertyOrder({"taskId", "frameId", "attempt", "agentId", "firstLine", "lines", "dropped"})
    record Data(UUID taskId, UUID frameId, int attempt, String agentId, long firstLine, List<String> lines, int dropped) {
    }

    /** Like {@link ControlMessage}, without {@code seq}: a live log is not part of the user's stream. */
    @JsonPropertyOrder({"event", "data", "ts"})
    record Message(String event, Data data, Instant ts) {
    }

    /** A batch the gateway cannot push; it is skipped (the archived log is file-service's). */
    static final class Unreadable extends IllegalArgumentException {
        Unreadable(String message) {
            super(message);
        }
    }
}
