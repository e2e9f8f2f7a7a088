package cloud.yuntu.agent.render.log;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * V-Ray for Maya: {@code V-Ray: Rendering image...: 45.00% [ 0h 0m 1.2s] [ 0h 0m 1.5s est]} is a frame's progress;
 * the prepasses print the same form ({@code Building light cache...: 45.00%}, {@code Calculating irradiance map}) and
 * are not the frame's progress. {@code Total frame time} ends a frame. {@code Could not obtain a license} fails the
 * frame (V-Ray otherwise may wait or render nothing); V-Ray's {@code error:} lines are reported and do not by
 * themselves end the render. A scene read without the plug-in fails with {@code Unrecognized node type 'VRaySettingsNode'}.
 */
public class VRayLog extends RendererLog {

    private static final Pattern PROGRESS = Pattern.compile("Rendering image\\.\\.\\.:\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*%");

    public VRayLog(FrameSequence frames) {
        super(frames);
    }

    @Override
    protected OptionalDouble framePercent(String line) {
        return number(PROGRESS, line);
    }

    @Override
    protected boolean startsFrame(String line) {
        return line.contains("V-Ray: Starting frame") || line.contains("Preparing scene for frame");
    }

    @Override
    protected boolean finishesFrame(String line) {
        return line.contains("Total frame time");
    }

    @Override
    protected Optional<LogEvent.Error> rendererError(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.contains("could not obtain a license") || lower.contains("could not obtain a licence")) {
            return Optional.of(error(line, ErrorKind.LICENCE));
        }
        if (lower.contains("unrecognized node type 'vray")) {
            return Optional.of(error(line, ErrorKind.MISSING_PLUGIN));
        }
        if (lower.matches("^(\\[[^]]*] )*(\\[[^]]*] )?error: .*") || lower.contains(" v-ray: error:")) {
            ErrorKind kind = crashOrMemory(line);
            return Optional.of(error(line, kind == null ? ErrorKind.OTHER : kind));
        }
        return Optional.empty();
    }

    @Override
    protected boolean rendererWarning(String line) {
        return line.toLowerCase(Locale.ROOT).matches("^(\\[[^]]*] )*warning: .*");
    }
}
