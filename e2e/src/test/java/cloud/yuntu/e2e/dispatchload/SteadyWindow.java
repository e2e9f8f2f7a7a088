package cloud.yuntu.e2e.dispatchload;

import java.util.List;

/**
 * The steady part of a run, over which the booking rate is sustained: from the moment the {@code from} fraction of
 * the frames had been booked to the moment the {@code to} fraction had. It leaves out the start (agents' first
 * jobs released while task-service learns their slots, the JIT warming up) and the end (the backlog running dry, a
 * few agents finishing the last frames), and needs no tuning to a run's length.
 *
 * @param start nanoTime of the first booking in the window
 * @param end nanoTime of the last booking in the window
 * @param frames bookings from {@code start} to {@code end}, both included
 */
public record SteadyWindow(long start, long end, int frames) {

    public static final double FROM = 0.10;
    public static final double TO = 0.90;

    /** The window between the {@link #FROM} and {@link #TO} fractions of {@code times} (sorted ascending). */
    public static SteadyWindow of(List<Long> times) {
        return of(times, FROM, TO);
    }

    static SteadyWindow of(List<Long> times, double from, double to) {
        if (times.size() < 2) {
            throw new IllegalArgumentException("a window needs two bookings at least, not " + times.size());
        }
        int first = (int) Math.floor(from * (times.size() - 1));
        int last = (int) Math.ceil(to * (times.size() - 1));
        return new SteadyWindow(times.get(first), times.get(last), last - first + 1);
    }

    public double seconds() {
        return (end - start) / 1e9;
    }

    /** Frames booked per second over the window: the intervals between its bookings, over its length. */
    public double perSecond() {
        return end == start ? Double.NaN : (frames - 1) / seconds();
    }

    public boolean contains(long time) {
        return time >= start && time <= end;
    }
}
