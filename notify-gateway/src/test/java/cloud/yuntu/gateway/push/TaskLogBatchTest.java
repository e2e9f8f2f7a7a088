package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.json.LogLines;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskLogBatchTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final UUID TASK = UUID.randomUUID();
    private static final UUID FRAME = UUID.randomUUID();

    @Test
    void aLineThatFitsStaysAsItIs() {
        String line = "00:00:01   512MB         | 45% done - 45 rays/pixel";
        assertThat(TaskLogBatch.truncate(line, 4096)).isSameAs(line);
        assertThat(TaskLogBatch.truncate("é".repeat(8), 16)).as("16 bytes exactly").isEqualTo("é".repeat(8));
    }

    @Test
    void aLongLineIsCutToTheLimitInBytesOnAWholeCharacterAndSaysSo() {
        assertThat(TaskLogBatch.truncate("x".repeat(5000), 4096)).hasSize(4093 + 1).endsWith("x…");
        assertThat(bytes(TaskLogBatch.truncate("x".repeat(5000), 4096))).isEqualTo(4096);

        // "é" is 2 bytes, "😀" 4 (two chars): the cut never splits one.
        String cut = TaskLogBatch.truncate("é".repeat(10), 10);
        assertThat(cut).isEqualTo("ééé…");
        assertThat(bytes(cut)).isLessThanOrEqualTo(10);
        assertThat(TaskLogBatch.truncate("😀😀😀", 10)).isEqualTo("😀…");
        assertThat(TaskLogBatch.truncate("😀😀😀", 6)).isEqualTo("…");
    }

    @Test
    void aBatchIsUnpackedOnceWithItsLinesCutAndWrittenAsTaskLog() throws Exception {
        TaskLogBatch batch = TaskLogBatch.read(packed(List.of("Rendering frame 7...", "y".repeat(40), "done")), 16, NOW);

        assertThat(batch.lines()).containsExactly("Rendering fra…", "y".repeat(13) + "…", "done");
        assertThat(batch.truncated()).isEqualTo(2);
        JsonNode whole = FarmJson.mapper().readTree(batch.message(3));
        assertThat(whole.get("event").asText()).isEqualTo("task:log");
        assertThat(whole.has("seq")).isFalse();
        assertThat(whole.get("ts").asText()).isEqualTo("2026-01-01T12:00:00Z");
        JsonNode data = whole.get("data");
        assertThat(data.get("taskId").asText()).isEqualTo(TASK.toString());
        assertThat(data.get("frameId").asText()).isEqualTo(FRAME.toString());
        assertThat(data.get("attempt").asInt()).isEqualTo(3);
        assertThat(data.get("agentId").asText()).isEqualTo("node-1");
        assertThat(data.get("firstLine").asLong()).isEqualTo(40);
        assertThat(data.get("lines")).hasSize(3);
        assertThat(data.get("dropped").asInt()).isZero();
        assertThat(batch.message(3)).as("written once for every connection shown all").isSameAs(batch.message(3));

        JsonNode part = FarmJson.mapper().readTree(batch.message(1)).get("data");
        assertThat(part.get("lines")).hasSize(1);
        assertThat(part.get("dropped").asInt()).isEqualTo(2);
    }

    @Test
    void aBatchThatCannotBeReadIsRefusedSayingWhy() {
        FrameLogBatch good = packed(List.of("a line"));
        assertThatThrownBy(() -> TaskLogBatch.read(withSize(good, TaskLogBatch.MAX_UNPACKED_BYTES + 1), 4096, NOW))
                .isInstanceOf(TaskLogBatch.Unreadable.class).hasMessageContaining("claims 16777217 bytes");
        assertThatThrownBy(() -> TaskLogBatch.read(withSize(good, -1), 4096, NOW)).isInstanceOf(TaskLogBatch.Unreadable.class);
        FrameLogBatch corrupt = new FrameLogBatch(good.id(), good.time(), TASK, FRAME, 1, "node-1", 0, 1, 1000,
                new byte[] {(byte) 0xF0, 1, 2});
        assertThatThrownBy(() -> TaskLogBatch.read(corrupt, 4096, NOW)).isInstanceOf(TaskLogBatch.Unreadable.class)
                .hasMessageStartingWith("lines cannot be unpacked");
        FrameLogBatch taskless = new FrameLogBatch(good.id(), good.time(), null, FRAME, 1, "node-1", 0, 1,
                good.uncompressedBytes(), good.lz4());
        assertThatThrownBy(() -> TaskLogBatch.read(taskless, 4096, NOW)).hasMessage("names no task or frame");
    }

    private static FrameLogBatch packed(List<String> lines) {
        LogLines.Packed packed = LogLines.pack(lines);
        return new FrameLogBatch(UUID.randomUUID(), NOW, TASK, FRAME, 3, "node-1", 40, lines.size(), packed.uncompressedBytes(),
                packed.lz4());
    }

    private static FrameLogBatch withSize(FrameLogBatch batch, int uncompressedBytes) {
        return new FrameLogBatch(batch.id(), batch.time(), batch.taskId(), batch.frameId(), batch.attempt(), batch.agentId(),
                batch.firstLine(), batch.lineCount(), uncompressedBytes, batch.lz4());
    }

    private static int bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length;
    }
}
