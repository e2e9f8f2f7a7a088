package cloud.yuntu.agent.render.log;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redshift for Maya: progress as blocks ({@code [Redshift] Block 32/48 (7,4) rendered by GPU 0 in 2ms}, 32 of 48 blocks
 * = 66%), a frame from {@code Rendering frame 12...} to {@code Frame rendering done - total time ...}. Redshift prints
 * its licence failure ({@code [Redshift] Maxon licensing error: ...}, older {@code License error: (RLM) ...}) and
 * cancels the render with Maya exiting 0, so that line fails the frame whatever the exit status. The totals Redshift
 * prints ({@code Total triangles: 18290255}) are no progress.
 */
public class RedshiftLog extends RendererLog {

    private static final Pattern BLOCK = Pattern.compile("Block (\\d+)/(\\d+) \\(\\d+,\\d+\\) rendered by (?:GPU|CPU)");
    private static final Pattern FRAME_START = Pattern.compile("Rendering (?:.* )?frame -?\\d+\\.\\.\\.");
    private static final Pattern FRAME_DONE = Pattern.compile("Frame rendering done|Skipping frame");

    public RedshiftLog(FrameSequence frames) {
        super(frames);
    }

    @Override
    protected OptionalDouble framePercent(String line) {
        Matcher block = BLOCK.matcher(line);
        if (!block.find()) {
            return OptionalDouble.empty();
        }
        double total = Double.parseDouble(block.group(2));
        return total > 0 ? OptionalDouble.of(Double.parseDouble(block.group(1)) * 100 / total) : OptionalDouble.empty();
    }

    @Override
    protected boolean startsFrame(String line) {
        return FRAME_START.matcher(line).find();
    }

    @Override
    protected boolean finishesFrame(String line) {
        return FRAME_DONE.matcher(line).find();
    }

    @Override
    protected Optional<LogEvent.Error> rendererError(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (!lower.contains("redshift") && !lower.contains("no devices found") && !lower.contains("illegal memory access")) {
            return Optional.empty();
        }
        if (lower.matches(".*(maxon licen[sc](e|ing) error|license error|licence error|unable to (acquire|checkout) .*licen).*")) {
            return Optional.of(error(line, ErrorKind.LICENCE));
        }
        if (lower.contains("no devices found") || lower.contains("illegal memory access")) {
            return Optional.of(error(line, ErrorKind.GPU));
        }
        if (lower.contains("rendering was internally aborted")) {
            return Optional.of(error(line, ErrorKind.ABORTED));
        }
        ErrorKind kind = crashOrMemory(line);
        return Optional.ofNullable(kind).map(k -> error(line, k));
    }

    @Override
    protected ErrorKind mayaErrorKind(String message) {
        // redshift4maya not loaded: Maya does not know the scene's Redshift nodes nor the plug-in's MEL.
        if (message.contains("Unknown object type: Redshift") || message.contains("Cannot find procedure \"rs")) {
            return ErrorKind.MISSING_PLUGIN;
        }
        return super.mayaErrorKind(message);
    }
}
