package cloud.yuntu.task.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.task.frame.Chunks.Chunk;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A layer's frames grouped into chunks, each one Maya frame range rendered by one job. */
class ChunksTest {

    @Test
    void consecutiveFramesFillChunksOfTheSize() {
        assertThat(Chunks.of(range(1, 10), 4, Set.of())).containsExactly(
                new Chunk(1, 4, 1, List.of(1, 2, 3, 4)),
                new Chunk(5, 8, 1, List.of(5, 6, 7, 8)),
                new Chunk(9, 10, 1, List.of(9, 10)));
    }

    @Test
    void chunkSizeOneIsAChunkPerFrame() {
        assertThat(Chunks.of(List.of(1, 2, 3), 1, Set.of())).containsExactly(
                new Chunk(1, 1, 1, List.of(1)), new Chunk(2, 2, 1, List.of(2)), new Chunk(3, 3, 1, List.of(3)));
    }

    @Test
    void noFramesNoChunksAndASingleFrameIsOneChunk() {
        assertThat(Chunks.of(List.of(), 10, Set.of())).isEmpty();
        assertThat(Chunks.of(List.of(42), 10, Set.of())).containsExactly(new Chunk(42, 42, 1, List.of(42)));
    }

    @Test
    void aChunkLargerThanTheLayerTakesItWhole() {
        assertThat(Chunks.of(range(1, 5), Chunks.MAX_SIZE, Set.of())).containsExactly(new Chunk(1, 5, 1, range(1, 5)));
    }

    @Test
    void aGapStartsANewChunk() {
        assertThat(Chunks.of(List.of(1, 2, 3, 10, 11, 12), 10, Set.of())).containsExactly(
                new Chunk(1, 3, 1, List.of(1, 2, 3)),
                new Chunk(10, 12, 1, List.of(10, 11, 12)));
    }

    @Test
    void aSteppedLayerChunksAlongItsStep() {
        assertThat(Chunks.of(List.of(10, 15, 20, 25, 30), 3, Set.of())).containsExactly(
                new Chunk(10, 20, 5, List.of(10, 15, 20)),
                new Chunk(25, 30, 5, List.of(25, 30)));
    }

    @Test
    void aChangeOfStepStartsANewChunk() {
        // "1-7x2,8-10": the step goes from 2 to 1 after 7
        assertThat(Chunks.of(List.of(1, 3, 5, 7, 8, 9, 10), 10, Set.of())).containsExactly(
                new Chunk(1, 7, 2, List.of(1, 3, 5, 7)),
                new Chunk(8, 10, 1, List.of(8, 9, 10)));
    }

    @Test
    void everyChunkIsExactlyTheFramesItsRangeNames() {
        List<Integer> odd = List.of(-4, -3, -1, 1, 2, 5, 9, 13, 14, 20, 21, 22, 23, 40);
        List<Chunk> chunks = Chunks.of(odd, 3, Set.of(13));
        assertThat(chunks.stream().flatMap(c -> c.numbers().stream()).toList()).as("each frame once, in order")
                .isEqualTo(odd);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.numbers()).hasSizeLessThanOrEqualTo(3);
            assertThat(c.by()).isPositive();
            assertThat(c.numbers()).isEqualTo(IntStream.iterate(c.start(), n -> n <= c.end(), n -> n + c.by()).boxed().toList());
        });
    }

    @Test
    void aTestFrameIsAChunkOfItsOwn() {
        assertThat(Chunks.of(range(1, 10), 4, Set.of(1, 6, 10))).containsExactly(
                new Chunk(1, 1, 1, List.of(1)),
                new Chunk(2, 5, 1, List.of(2, 3, 4, 5)),
                new Chunk(6, 6, 1, List.of(6)),
                new Chunk(7, 9, 1, List.of(7, 8, 9)),
                new Chunk(10, 10, 1, List.of(10)));
    }

    @Test
    void neighbouringTestFramesStayApart() {
        assertThat(Chunks.of(List.of(1, 2, 3), 10, Set.of(1, 2))).containsExactly(
                new Chunk(1, 1, 1, List.of(1)), new Chunk(2, 2, 1, List.of(2)), new Chunk(3, 3, 1, List.of(3)));
    }

    @Test
    void aChunkSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> Chunks.of(List.of(1), 0, Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }
}
