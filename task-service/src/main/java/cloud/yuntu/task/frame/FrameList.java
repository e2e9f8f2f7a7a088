package cloud.yuntu.task.frame;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The frames of a task, parsed from a Maya-style list: {@code "7"}, {@code "1-10"},
 * {@code "1-100x5"} (every fifth), or comma-separated mixes such as {@code "1,3,5-9"}. Negative
 * frame numbers are legal in Maya ({@code "-5--1"}). Overlaps are rendered once; the result is
 * ascending.
 */
public record FrameList(List<Integer> numbers) {

    private static final Pattern PART = Pattern.compile("(-?\\d{1,9})(?:-(-?\\d{1,9})(?:x(\\d{1,9}))?)?");

    public FrameList {
        numbers = List.copyOf(numbers);
    }

    /**
     * @param maxFrames the most frames accepted; counted before expanding, so a huge range costs nothing
     * @throws InvalidFrameList naming what is wrong, in words a user can act on
     */
    public static FrameList parse(String spec, int maxFrames) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidFrameList("must not be empty; use e.g. \"1-10\", \"1-100x5\" or \"1,3,5-9\"");
        }
        List<int[]> ranges = new ArrayList<>();
        long count = 0;
        for (String raw : spec.split(",", -1)) {
            String part = raw.strip();
            Matcher m = PART.matcher(part);
            if (!m.matches()) {
                throw new InvalidFrameList("\"" + part + "\" is not a frame, a range \"start-end\" or \"start-endxstep\"");
            }
            int start = Integer.parseInt(m.group(1));
            int end = m.group(2) == null ? start : Integer.parseInt(m.group(2));
            int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            if (end < start) {
                throw new InvalidFrameList("\"" + part + "\" ends before it starts");
            }
            if (step < 1) {
                throw new InvalidFrameList("\"" + part + "\" has a step below 1");
            }
            count += ((long) end - start) / step + 1;
            if (count > maxFrames) {
                throw new InvalidFrameList("expands to more than " + maxFrames + " frames");
            }
            ranges.add(new int[] {start, end, step});
        }
        TreeSet<Integer> frames = new TreeSet<>();
        for (int[] r : ranges) {
            for (long f = r[0]; f <= r[1]; f += r[2]) {
                frames.add((int) f);
            }
        }
        return new FrameList(new ArrayList<>(frames));
    }

    public int size() {
        return numbers.size();
    }

    /** Why a frame list was refused. */
    public static final class InvalidFrameList extends IllegalArgumentException {

        public InvalidFrameList(String message) {
            super(message);
        }
    }
}
