package cloud.yuntu.contracts.frame;

/** Frames {@code start..end} stepping {@code by}, inclusive, as Maya's -s/-e/-b take them. */
public record FrameRange(int start, int end, int by) {

    public FrameRange {
        if (by < 1) {
            throw new IllegalArgumentException("by must be >= 1, was " + by);
        }
        if (end < start) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }

    public static FrameRange single(int frame) {
        return new FrameRange(frame, frame, 1);
    }

    public int count() {
        return (end - start) / by + 1;
    }
}
