package cloud.yuntu.agent.render.log;

import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * A renderer the agent knows no log of: {@code Progress: 45%} lines, {@code Wrote <image>} ending a frame, and
 * Maya's own errors and warnings.
 */
public class GenericLog extends RendererLog {

    private static final Pattern PROGRESS = Pattern.compile("(?i)^\\s*progress:\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*%");

    public GenericLog(FrameSequence frames) {
        super(frames);
    }

    @Override
    protected OptionalDouble framePercent(String line) {
        return number(PROGRESS, line);
    }

    @Override
    protected boolean finishesFrame(String line) {
        return line.startsWith("Wrote ");
    }
}
