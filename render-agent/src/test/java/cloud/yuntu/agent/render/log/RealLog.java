package cloud.yuntu.agent.render.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A log of {@code src/test/resources/renderer-logs} read by a renderer's reader, line by line. */
final class RealLog {

    final RendererLog reader;
    final List<LogEvent> events = new ArrayList<>();

    private RealLog(RendererLog reader) {
        this.reader = reader;
    }

    static RealLog read(String renderer, String file, FrameSequence frames) {
        RealLog log = new RealLog(LogParsers.of(renderer, frames));
        try (InputStream in = RealLog.class.getResourceAsStream("/renderer-logs/" + renderer + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no log " + renderer + "/" + file);
            }
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(log::accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    static RealLog of(String renderer, FrameSequence frames, String... lines) {
        RealLog log = new RealLog(LogParsers.of(renderer, frames));
        for (String line : lines) {
            log.accept(line);
        }
        return log;
    }

    private void accept(String line) {
        events.addAll(reader.accept(line));
    }

    List<Double> progress() {
        return events.stream().filter(LogEvent.Progress.class::isInstance).map(e -> ((LogEvent.Progress) e).percent()).toList();
    }

    List<String> frames() {
        return events.stream().filter(LogEvent.Frame.class::isInstance).map(e -> (LogEvent.Frame) e)
                .map(f -> f.frame() + " " + f.state().name().toLowerCase()).toList();
    }

    List<LogEvent.Error> errors() {
        return events.stream().filter(LogEvent.Error.class::isInstance).map(e -> (LogEvent.Error) e).toList();
    }

    List<String> warnings() {
        return events.stream().filter(LogEvent.Warning.class::isInstance).map(e -> ((LogEvent.Warning) e).line()).toList();
    }
}
