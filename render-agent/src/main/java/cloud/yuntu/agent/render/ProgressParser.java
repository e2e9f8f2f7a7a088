package cloud.yuntu.agent.render;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns renderer log lines into the job's percentage. Renderers report per frame (Arnold
 * restarts at 0% for every frame of a chunk), so a drop in the reported value means the
 * previous frame finished. Not thread-safe: one instance per job.
 */
public final class ProgressParser {

    /** Arnold: {@code 00:00:03  512MB | 45% done - 10 rays/pixel}. */
    private static final Pattern ARNOLD = Pattern.compile("\\|\\s+(\\d{1,3})% done");
    /** Maya Software: {@code Percentage of rendering done: 45 (/path/scene.ma)}. */
    private static final Pattern MAYA_SOFTWARE = Pattern.compile("Percentage of rendering done: (\\d{1,3})");
    /** Redshift / V-Ray style: {@code Progress: 45%}. */
    private static final Pattern GENERIC = Pattern.compile("(?i)progress:\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*%");

    private final int frameCount;
    private int framesDone;
    private double framePercent = -1;

    public ProgressParser(int frameCount) {
        this.frameCount = Math.max(1, frameCount);
    }

    /** The job's new percentage (0..100) if the line reports progress. */
    public OptionalDouble accept(String line) {
        OptionalDouble reported = framePercent(line);
        if (reported.isEmpty()) {
            return OptionalDouble.empty();
        }
        double percent = Math.min(100, reported.getAsDouble());
        if (percent < framePercent && framesDone < frameCount - 1) {
            framesDone++;
        }
        framePercent = percent;
        return OptionalDouble.of(Math.min(100.0, (framesDone * 100.0 + percent) / frameCount));
    }

    static OptionalDouble framePercent(String line) {
        for (Pattern pattern : new Pattern[] {ARNOLD, MAYA_SOFTWARE, GENERIC}) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return OptionalDouble.of(Double.parseDouble(m.group(1)));
            }
        }
        return OptionalDouble.empty();
    }
}
