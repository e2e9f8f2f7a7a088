package cloud.yuntu.agent.render.log;

/**
 * The frames a renderer run renders, in order: {@code count} frames from {@code start} by {@code by}.
 * {@code count} 0 means unknown (a saved log read on its own): the percentage is then the current frame's.
 */
public record FrameSequence(int start, int by, int count) {

    public FrameSequence {
        by = Math.max(1, by);
        count = Math.max(0, count);
    }

    /** The frame at {@code index} (0 for the first). */
    int frame(int index) {
        return start + index * by;
    }
}
