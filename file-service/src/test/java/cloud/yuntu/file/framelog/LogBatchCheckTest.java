package cloud.yuntu.file.framelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.json.LogLines;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LogBatchCheckTest {

    private static final UUID TASK = UUID.randomUUID();
    private static final UUID FRAME = UUID.randomUUID();

    @Test
    void aBatchAsAnAgentPacksItIsKeptAndReadsBackItsLines() {
        List<String> lines = List.of("Rendering frame 1 at 320x180", "\t\tBlock 3/10 rendered", "Result: 甲.png");
        FrameLogBatch batch = batch(4, lines);

        assertThat(LogBatchCheck.problem(batch)).isEmpty();
        LogBatch kept = LogBatchCheck.kept(batch);
        assertThat(kept.key()).isEqualTo(new LogBatch.Key(FRAME, 2, 4));
        assertThat(kept.lz4()).isSameAs(batch.lz4());
        assertThat(LogBlock.lines(kept.lz4(), kept.uncompressedBytes(), kept.lineCount())).isEqualTo(lines);
    }

    @Test
    void aBatchOfOneEmptyLineIsOneLine() {
        FrameLogBatch batch = batch(0, List.of(""));
        assertThat(batch.uncompressedBytes()).isZero();
        assertThat(LogBatchCheck.problem(batch)).isEmpty();
        assertThat(LogBlock.lines(batch.lz4(), 0, 1)).containsExactly("");
    }

    @Test
    void aBlockThatDoesNotDecodeToWhatItAnnouncesIsRefused() {
        FrameLogBatch good = batch(0, List.of("alpha", "beta", "gamma"));
        assertThat(problem(with(good, good.lineCount(), good.uncompressedBytes() + 1, good.lz4())))
                .contains("decodes to " + good.uncompressedBytes() + " bytes, not " + (good.uncompressedBytes() + 1));
        assertThat(problem(with(good, good.lineCount(), good.uncompressedBytes() - 1, good.lz4())))
                .contains("does not decode");
        assertThat(problem(with(good, 2, good.uncompressedBytes(), good.lz4()))).contains("3 lines, not 2");
        byte[] cut = Arrays.copyOf(good.lz4(), good.lz4().length - 2);
        assertThat(problem(with(good, good.lineCount(), good.uncompressedBytes(), cut))).contains("does not decode");
        byte[] plain = "alpha\nbeta\ngamma".getBytes(StandardCharsets.UTF_8);
        assertThat(problem(with(good, good.lineCount(), good.uncompressedBytes(), plain))).isNotNull();
        assertThat(problem(with(good, good.lineCount(), good.uncompressedBytes(), null))).isEqualTo("no lz4 block");
    }

    @Test
    void aForgedSizeIsRefusedBeforeAnythingIsAllocated() {
        FrameLogBatch good = batch(0, List.of("alpha"));
        assertThat(problem(with(good, 1, Integer.MAX_VALUE, good.lz4()))).contains("outside 0..");
        assertThat(problem(with(good, 1, -1, good.lz4()))).contains("outside 0..");
        assertThatThrownBy(() -> LogBlock.lines(good.lz4(), LogBlock.MAX_UNCOMPRESSED_BYTES + 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsTheTableNeedsMustBeThere() {
        List<String> lines = List.of("x");
        LogLines.Packed p = LogLines.pack(lines);
        Instant now = Instant.now();
        assertThat(problem(new FrameLogBatch(UUID.randomUUID(), now, null, FRAME, 1, "agent-1", 0, 1,
                p.uncompressedBytes(), p.lz4()))).isEqualTo("no task or frame id");
        assertThat(problem(new FrameLogBatch(UUID.randomUUID(), now, TASK, null, 1, "agent-1", 0, 1,
                p.uncompressedBytes(), p.lz4()))).isEqualTo("no task or frame id");
        assertThat(problem(new FrameLogBatch(UUID.randomUUID(), null, TASK, FRAME, 1, "agent-1", 0, 1,
                p.uncompressedBytes(), p.lz4()))).isEqualTo("no time");
        assertThat(problem(new FrameLogBatch(UUID.randomUUID(), now, TASK, FRAME, 0, "agent-1", 0, 1,
                p.uncompressedBytes(), p.lz4()))).contains("attempt 0");
        assertThat(problem(new FrameLogBatch(UUID.randomUUID(), now, TASK, FRAME, 1, "agent-1", -1, 1,
                p.uncompressedBytes(), p.lz4()))).contains("firstLine -1");
        assertThat(problem(new FrameLogBatch(UUID.randomUUID(), now, TASK, FRAME, 1, "agent-1", 0, 0,
                p.uncompressedBytes(), p.lz4()))).contains("lineCount 0");
        for (String agent : new String[] {null, " ", "agent\u0000", "a".repeat(256)}) {
            assertThat(problem(new FrameLogBatch(UUID.randomUUID(), now, TASK, FRAME, 1, agent, 0, 1,
                    p.uncompressedBytes(), p.lz4()))).as(String.valueOf(agent)).isEqualTo("no usable agent id");
        }
    }

    private static String problem(FrameLogBatch batch) {
        return LogBatchCheck.problem(batch).orElse(null);
    }

    private static FrameLogBatch batch(long firstLine, List<String> lines) {
        LogLines.Packed packed = LogLines.pack(lines);
        return new FrameLogBatch(UUID.randomUUID(), Instant.now(), TASK, FRAME, 2, "agent-1", firstLine, lines.size(),
                packed.uncompressedBytes(), packed.lz4());
    }

    private static FrameLogBatch with(FrameLogBatch b, int lineCount, int uncompressedBytes, byte[] lz4) {
        return new FrameLogBatch(b.id(), b.time(), b.taskId(), b.frameId(), b.attempt(), b.agentId(), b.firstLine(),
                lineCount, uncompressedBytes, lz4);
    }
}
