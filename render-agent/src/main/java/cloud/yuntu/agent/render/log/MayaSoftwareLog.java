package cloud.yuntu.agent.render.log;

import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Maya Software ({@code Render -r sw}): {@code Percentage of rendering done: 45 (/path/scene.ma)} per frame,
 * {@code Finished Rendering <image>.} at its end. A texture it cannot read is only warned of and the frame renders,
 * so only Maya's own errors (read by {@link RendererLog}) fail it.
 */
public class MayaSoftwareLog extends RendererLog {

    private static final Pattern PROGRESS = Pattern.compile("Percentage of rendering done: (\\d{1,3})");

    public MayaSoftwareLog(FrameSequence frames) {
        super(frames);
    }

    @Override
    protected OptionalDouble framePercent(String line) {
        return number(PROGRESS, line);
    }

    @Override
    protected boolean finishesFrame(String line) {
        return line.startsWith("Finished Rendering ");
    }
}
