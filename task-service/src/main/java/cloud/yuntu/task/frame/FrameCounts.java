package cloud.yuntu.task.frame;

/**
 * Where a task's frames stand.
 *
 * @param cancelled frames CANCELLED or SKIPPED
 * @param renderSeconds total renderer wall time of the succeeded frames
 * @param dearestSeconds renderer wall time of the longest succeeded frame, 0 before the first one
 * @param testsOpen test frames not ended yet
 * @param testsDead test frames that died
 */
public record FrameCounts(int total, int succeeded, int dead, int cancelled, int inFlight, double renderSeconds,
        double dearestSeconds, int testsOpen, int testsDead) {

    public static final FrameCounts NONE = new FrameCounts(0, 0, 0, 0, 0, 0.0, 0.0, 0, 0);

    /** Frames that will not change any more. */
    public int settled() {
        return succeeded + dead + cancelled;
    }

    public int remaining() {
        return total - settled();
    }

    /** Mean renderer time of a succeeded frame, null before the first one. */
    public Double meanSeconds() {
        return succeeded == 0 ? null : renderSeconds / succeeded;
    }

    /**
     * Seconds until the last frame is done: the remaining frames run in waves as wide as the
     * task's frames in flight plus the pool's free slots, each wave taking the mean frame time.
     * Null before a frame succeeded (no mean yet), 0 when nothing remains.
     */
    public Long etaSeconds(int freeSlots) {
        Double mean = meanSeconds();
        if (remaining() == 0) {
            return 0L;
        }
        if (mean == null) {
            return null;
        }
        int parallel = Math.max(1, Math.min(remaining(), inFlight + freeSlots));
        long waves = (remaining() + parallel - 1) / parallel;
        return Math.round(mean * waves);
    }
}
