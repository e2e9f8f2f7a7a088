package cloud.yuntu.agent.render.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one renderer run's log line by line: progress, frames, warnings and errors, then the verdict for its exit
 * status. This class knows Maya's own lines, which every renderer's run prints ({@code // Error: ... //},
 * {@code // Warning:}, crashes); a subclass per renderer knows that renderer's progress, frame and error lines, and
 * ignores the lines of other renderers' plug-ins that Maya loads without rendering with them.
 *
 * <p>Frames: renderers report progress per frame, so a percentage lower than the previous one (Arnold starting
 * again at 0%) means the previous frame finished, and a renderer's own frame-done line finishes the frame. Not
 * thread-safe: one instance per renderer run. JDK only, so {@code ParseLog} runs without the agent's libraries.
 */
public abstract class RendererLog {

    /** Maya's error frame, {@code // Error: ... //}, {@code # Error: ...} or a bare {@code Error: ...}. */
    private static final Pattern MAYA_ERROR = Pattern.compile("^\\s*(?://|#)?\\s*Error:\\s*(.*?)\\s*(?://)?\\s*$");
    private static final Pattern MAYA_WARNING = Pattern.compile("^\\s*(?://|#)?\\s*Warning:");
    /** Maya's crash handler, and the operating system's words for a crashed process. */
    private static final Pattern CRASH = Pattern.compile(
            "(?i)(fatal error\\. attempting to save|segmentation fault|access violation|\\bsigsegv\\b|\\bsigabrt\\b|core dumped"
                    + "|unhandled exception)");
    private static final Pattern OUT_OF_MEMORY = Pattern.compile(
            "(?i)(out of (?:gpu |video |device )?memory|out of vram|std::bad_alloc|insufficient memory|cannot allocate memory)");
    /** Maya cannot read the scene: the same on every node. */
    private static final List<String> SCENE_LOAD = List.of(
            "file not found", "cannot find file", "failed to load", "error reading file", "unknown file type",
            "error while parsing", "scene is corrupt", "cannot open", "could not open");

    private final FrameSequence frames;
    private int framesDone;
    private boolean inFrame;
    private double framePercent = -1;
    private LogEvent.Error firstError;
    private LogEvent.Error decisive;

    protected RendererLog(FrameSequence frames) {
        this.frames = frames;
    }

    /** The events {@code line} gives, in order; usually none or one. */
    public final List<LogEvent> accept(String line) {
        List<LogEvent> events = new ArrayList<>(3);
        Optional<LogEvent.Error> error = rendererError(line).or(() -> mayaError(line));
        if (error.isPresent()) {
            record(error.get());
            events.add(error.get());
            return events;
        }
        if (rendererWarning(line) || MAYA_WARNING.matcher(line).find()) {
            events.add(new LogEvent.Warning(line));
            return events;
        }
        if (startsFrame(line) && !inFrame) {
            start(events);
        }
        OptionalDouble percent = framePercent(line);
        if (percent.isPresent()) {
            progress(events, Math.max(0, Math.min(100, percent.getAsDouble())));
        }
        if (finishesFrame(line)) {
            if (!inFrame) {
                start(events);
            }
            finish(events);
        }
        return events;
    }

    /**
     * The verdict had the renderer exited with {@code exitCode}. A fatal error fails the frame whatever the exit
     * status (Redshift exits 0 after a licence failure); the decisive one is the first that names a cause, else the
     * first fatal one. Without one, a non-zero status fails the frame with Maya's first error, and status 0 succeeds.
     */
    public final Verdict verdict(int exitCode) {
        if (decisive != null) {
            return Verdict.failed(message(decisive), decisive.retryable());
        }
        if (exitCode != 0) {
            return firstError != null ? Verdict.failed(message(firstError), firstError.retryable())
                    : Verdict.failed("renderer exited with code " + exitCode, true);
        }
        return Verdict.succeeded();
    }

    /** The renderer's own error lines (licence, memory, missing files ...); Maya's are read by this class. */
    protected Optional<LogEvent.Error> rendererError(String line) {
        return Optional.empty();
    }

    protected boolean rendererWarning(String line) {
        return false;
    }

    /** A frame's percentage (0..100) if {@code line} is this renderer's progress line. */
    protected abstract OptionalDouble framePercent(String line);

    /** {@code line} says a frame starts (frames also start implicitly with their first progress line). */
    protected boolean startsFrame(String line) {
        return false;
    }

    /** {@code line} says the current frame is done. */
    protected abstract boolean finishesFrame(String line);

    /** The message a failure reports for an error line; by default the line without leading blanks. */
    protected String message(LogEvent.Error error) {
        Matcher maya = MAYA_ERROR.matcher(error.line());
        return maya.matches() ? maya.group(1) : error.line().strip();
    }

    protected static LogEvent.Error error(String line, ErrorKind kind) {
        return new LogEvent.Error(line, kind, kind.fatal(), kind.retryable());
    }

    /** Crash and memory words in {@code line}, whichever renderer printed it; null when it has none. */
    protected static ErrorKind crashOrMemory(String line) {
        if (CRASH.matcher(line).find()) {
            return ErrorKind.CRASH;
        }
        return OUT_OF_MEMORY.matcher(line).find() ? ErrorKind.OUT_OF_MEMORY : null;
    }

    private Optional<LogEvent.Error> mayaError(String line) {
        Matcher maya = MAYA_ERROR.matcher(line);
        if (!maya.matches()) {
            ErrorKind crash = CRASH.matcher(line).find() ? ErrorKind.CRASH : null;
            return Optional.ofNullable(crash).map(kind -> error(line, kind));
        }
        String message = maya.group(1);
        ErrorKind kind = crashOrMemory(message);
        if (kind == null) {
            kind = mayaErrorKind(message);
        }
        return Optional.of(error(line, kind));
    }

    /** How a Maya {@code // Error:} message of this renderer's run is classed; a subclass adds its plug-in's. */
    protected ErrorKind mayaErrorKind(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.startsWith("render failed on frame") || lower.contains("failed to render frame")) {
            return ErrorKind.ABORTED;
        }
        return SCENE_LOAD.stream().anyMatch(lower::contains) ? ErrorKind.SCENE_LOAD : ErrorKind.OTHER;
    }

    private void record(LogEvent.Error error) {
        if (firstError == null) {
            firstError = error;
        }
        if (!error.fatal()) {
            return;
        }
        if (decisive == null || (!decisive.kind().namesCause() && error.kind().namesCause())) {
            decisive = error;
        }
    }

    private void start(List<LogEvent> events) {
        inFrame = true;
        framePercent = -1;
        events.add(new LogEvent.Frame(frames.frame(framesDone), LogEvent.Frame.State.STARTED));
    }

    private void progress(List<LogEvent> events, double percent) {
        if (inFrame && percent < framePercent) {
            // A drop: the renderer went on to the next frame without a frame-done line of its own.
            finish(events);
        }
        if (!inFrame) {
            start(events);
        }
        framePercent = percent;
        events.add(new LogEvent.Progress(jobPercent(percent)));
    }

    private void finish(List<LogEvent> events) {
        events.add(new LogEvent.Frame(frames.frame(framesDone), LogEvent.Frame.State.FINISHED));
        inFrame = false;
        framePercent = -1;
        if (frames.count() == 0 || framesDone < frames.count() - 1) {
            framesDone++;
            if (frames.count() > 0) {
                events.add(new LogEvent.Progress(jobPercent(0)));
            }
        } else {
            events.add(new LogEvent.Progress(100));
        }
    }

    private double jobPercent(double percent) {
        if (frames.count() == 0) {
            return percent;
        }
        return Math.min(100.0, (Math.min(framesDone, frames.count() - 1) * 100.0 + percent) / frames.count());
    }

    /** First group of {@code pattern} in {@code line} as a number. */
    protected static OptionalDouble number(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
