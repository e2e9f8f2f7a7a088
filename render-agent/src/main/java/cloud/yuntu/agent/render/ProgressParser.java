package cloud.yuntu.agent.render;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns renderer log lines into the job's percentage: Arnold, Maya Software, V-Ray, RenderMan and
 * {@code Progress: N%} lines give a frame's percent, Redshift's block lines the share of its blocks. Renderers report per frame (Arnold
 * restarts at 0% for every frame of a chunk), so a drop in the reported value means the
 * previous frame finished. Not thread-safe: one instance per job.
 */
public final class ProgressParser {

    /**
     * Arnold: {@code 00:00:03  512MB | 45% done - 10 rays/pixel}. Only right after the line's first
     * {@code |}: a layer or camera name Arnold echoes later in a line cannot pass for progress.
     */
    private static final Pattern ARNOLD = Pattern.compile("^[^|]*\\|\\s+(\\d{1,3})% done");
    /** Maya Software: {@code Percentage of rendering done: 45 (/path/scene.ma)}. */
    private static final Pattern MAYA_SOFTWARE = Pattern.compile("Percentage of rendering done: (\\d{1,3})");
    /** V-Ray: {@code [2026/Jan/01|10:00:00] V-Ray: Rendering image...: 45.00% [ 0h  0m  1.2s] ...}. */
    private static final Pattern VRAY = Pattern.compile("Rendering image\\.\\.\\.:\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*%");
    /** RenderMan's progress lines: {@code R90000  45%}. */
    private static final Pattern RENDERMAN = Pattern.compile("^R90000\\s+(\\d{1,3})%");
    /** Generic: {@code Progress: 45%}. */
    private static final Pattern GENERIC = Pattern.compile("(?i)progress:\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*%");
    /** Redshift reports blocks, not percent: {@code Block 12/48 (3,1) rendered by GPU 0 in 15ms}. */
    private static final Pattern REDSHIFT_BLOCK = Pattern.compile("Block (\\d+)/(\\d+) .*rendered");

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
        for (Pattern pattern : new Pattern[] {ARNOLD, MAYA_SOFTWARE, VRAY, RENDERMAN, GENERIC}) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return OptionalDouble.of(Double.parseDouble(m.group(1)));
            }
        }
        Matcher block = REDSHIFT_BLOCK.matcher(line);
        if (block.find()) {
            double total = Double.parseDouble(block.group(2));
            if (total > 0) {
                return OptionalDouble.of(Math.min(100, Double.parseDouble(block.group(1)) * 100 / total));
            }
        }
        return OptionalDouble.empty();
    }
}
