package cloud.yuntu.agent.render.log;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * RenderMan for Maya: progress {@code R90000  45%}; messages {@code R50005 {SEVERE}  License error - feature: RPS-24.0}
 * with {@code {CONTINUED}} lines after them. {@code {SEVERE}} stops the render, licence ones included; {@code {ERROR}}
 * is reported and the render goes on; {@code {WARNING}} is a warning. A frame ends at 100%.
 */
public class RenderManLog extends RendererLog {

    private static final Pattern PROGRESS = Pattern.compile("^R90000\\s+(\\d{1,3})%");

    public RenderManLog(FrameSequence frames) {
        super(frames);
    }

    @Override
    protected OptionalDouble framePercent(String line) {
        return number(PROGRESS, line.strip());
    }

    @Override
    protected boolean finishesFrame(String line) {
        return PROGRESS.matcher(line.strip()).find() && framePercent(line).getAsDouble() >= 100;
    }

    @Override
    protected Optional<LogEvent.Error> rendererError(String line) {
        if (line.contains("{SEVERE}")) {
            if (line.contains("License") || line.contains("license")) {
                return Optional.of(error(line, ErrorKind.LICENCE));
            }
            ErrorKind kind = crashOrMemory(line);
            return Optional.of(error(line, kind == null ? ErrorKind.RENDER_ERROR : kind));
        }
        if (line.contains("{ERROR}")) {
            return Optional.of(error(line, ErrorKind.OTHER));
        }
        return Optional.empty();
    }

    @Override
    protected boolean rendererWarning(String line) {
        return line.contains("{WARNING}");
    }
}
