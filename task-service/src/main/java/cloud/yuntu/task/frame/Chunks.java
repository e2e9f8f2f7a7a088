package cloud.yuntu.task.frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Frames of a layer grouped into chunks, each rendered by one job ({@code Render -s -e -b}): up to
 * {@code chunkSize} frames one step apart, so the chunk is one Maya frame range. A gap or a change of
 * step starts a new chunk, and a test frame is a chunk of its own, since it must report alone and
 * first. Loading a heavy scene once per chunk instead of once per frame is what chunks are for. A pure rule.
 */
public final class Chunks {

    public static final int MAX_SIZE = 100;

    private Chunks() {
    }

    /** A chunk: its frames, and the range that names them. */
    public record Chunk(int start, int end, int by, List<Integer> numbers) {
    }

    /**
     * @param numbers a layer's frame numbers, ascending
     * @param singles frames that render alone (test frames)
     */
    public static List<Chunk> of(List<Integer> numbers, int chunkSize, Set<Integer> singles) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, was " + chunkSize);
        }
        List<Chunk> chunks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int n : numbers) {
            if (!current.isEmpty() && !joins(current, n, chunkSize, singles)) {
                chunks.add(chunk(current));
                current = new ArrayList<>();
            }
            current.add(n);
        }
        if (!current.isEmpty()) {
            chunks.add(chunk(current));
        }
        return chunks;
    }

    private static boolean joins(List<Integer> current, int n, int chunkSize, Set<Integer> singles) {
        if (current.size() >= chunkSize || singles.contains(n) || singles.contains(current.getFirst())) {
            return false;
        }
        int last = current.getLast();
        return current.size() == 1 || n - last == last - current.get(current.size() - 2);
    }

    private static Chunk chunk(List<Integer> numbers) {
        int start = numbers.getFirst();
        int end = numbers.getLast();
        return new Chunk(start, end, numbers.size() == 1 ? 1 : numbers.get(1) - start, List.copyOf(numbers));
    }
}
