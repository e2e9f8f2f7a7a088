package cloud.yuntu.agent.render.log;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arnold's log as MtoA writes it into Maya's batch output at verbosity 2 (info, {@code -ai:lve 2}): every line
 * {@code <elapsed> <memory>MB <severity> | <message>}, e.g. {@code 00:00:03  512MB         | 45% done - 10 rays/pixel},
 * {@code 00:00:01   43MB ERROR   |  [texturesys] file1: Could not open file "..."}.
 *
 * <p>Only the text right after a line's first {@code |} is read as progress, so a name Arnold echoes later in a line
 * cannot pass for it; the statistics Arnold prints after a frame hold percentages without {@code done} and are no
 * progress. Arnold aborts on its first {@code ERROR} by default (abort_on_error), so every {@code ERROR} line is
 * fatal; an error of Arnold's texture system ({@code [texturesys]}) is a texture the scene names that cannot be read.
 * {@code render done in} ends a frame.
 */
public class ArnoldLog extends RendererLog {

    private static final Pattern LINE = Pattern.compile("^([^|]*)\\|(.*)$");
    private static final Pattern PROGRESS = Pattern.compile("^\\s*(\\d{1,3})% done");
    private static final Pattern MISSING_FILE = Pattern.compile(
            "(?i)(\\[texturesys]|can't open|unable to open|file not found|cannot find|could not open)");

    public ArnoldLog(FrameSequence frames) {
        super(frames);
    }

    @Override
    protected OptionalDouble framePercent(String line) {
        Matcher arnold = LINE.matcher(line);
        return arnold.matches() ? number(PROGRESS, arnold.group(2)) : OptionalDouble.empty();
    }

    @Override
    protected boolean startsFrame(String line) {
        Matcher arnold = LINE.matcher(line);
        return arnold.matches() && arnold.group(2).strip().startsWith("starting ") && arnold.group(2).contains("bucket workers");
    }

    @Override
    protected boolean finishesFrame(String line) {
        Matcher arnold = LINE.matcher(line);
        // "render done in 0:02.123" ends a frame; kick's closing "render done" after it does not.
        return arnold.matches() && arnold.group(2).strip().startsWith("render done in");
    }

    @Override
    protected Optional<LogEvent.Error> rendererError(String line) {
        Matcher arnold = LINE.matcher(line);
        if (!arnold.matches()) {
            return Optional.empty();
        }
        String severity = arnold.group(1);
        String message = arnold.group(2).strip();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("abort_on_license_fail") || (lower.contains("licens") && lower.contains("abort"))) {
            return Optional.of(error(line, ErrorKind.LICENCE));
        }
        if (lower.startsWith("render terminating early") || lower.contains("render aborted")) {
            return Optional.of(error(line, ErrorKind.ABORTED));
        }
        if (!severity.contains("ERROR")) {
            return Optional.empty();
        }
        ErrorKind kind = crashOrMemory(message);
        if (kind == null) {
            kind = MISSING_FILE.matcher(message).find() ? ErrorKind.MISSING_FILE : ErrorKind.RENDER_ERROR;
        }
        return Optional.of(error(line, kind));
    }

    @Override
    protected boolean rendererWarning(String line) {
        Matcher arnold = LINE.matcher(line);
        return arnold.matches() && arnold.group(1).contains("WARNING");
    }

    @Override
    protected ErrorKind mayaErrorKind(String message) {
        // MtoA repeats Arnold's errors as Maya errors: "// Error: [texturesys] file1: Could not open file ... //".
        if (MISSING_FILE.matcher(message).find() && message.startsWith("[")) {
            return ErrorKind.MISSING_FILE;
        }
        return super.mayaErrorKind(message);
    }

    @Override
    protected String message(LogEvent.Error error) {
        Matcher arnold = LINE.matcher(error.line());
        return arnold.matches() && !error.line().strip().startsWith("//") ? arnold.group(2).strip() : super.message(error);
    }
}
