package cloud.yuntu.agent.render.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code ./yuntu parse-log --renderer NAME [--frames START[-END[xBY]]] FILE}: reads a saved renderer log with the
 * agent's own reader of that renderer and prints one JSON object a line per event, then the verdict the agent would
 * give the frame had the renderer exited with status 0. A plain JDK program (no Quarkus), so it starts at once.
 * Exit 2 for an unknown renderer, an unreadable file or bad arguments.
 */
public final class ParseLog {

    static final int USAGE = 2;

    private ParseLog() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String renderer = null;
        String frames = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--renderer" -> renderer = i + 1 < args.length ? args[++i] : null;
                case "--frames" -> frames = i + 1 < args.length ? args[++i] : null;
                default -> {
                    if (file != null || args[i].startsWith("--")) {
                        return usage(err, "unexpected argument " + args[i]);
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (renderer == null || file == null) {
            return usage(err, "a renderer and a log file are needed");
        }
        FrameSequence sequence;
        try {
            sequence = frames == null ? new FrameSequence(1, 1, 0) : frameSequence(frames);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        Optional<RendererLog> parser = LogParsers.known(renderer, sequence);
        if (parser.isEmpty()) {
            err.println("parse-log: unknown renderer '" + renderer + "'; known: " + LogParsers.names());
            return USAGE;
        }
        // A log may hold bytes that are not UTF-8 (a Windows code page): they are replaced, not fatal.
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            for (String line; (line = reader.readLine()) != null; ) {
                parser.get().accept(line).forEach(event -> out.println(json(event)));
            }
        } catch (IOException e) {
            err.println("parse-log: cannot read " + file + ": " + e.getMessage());
            return USAGE;
        }
        Verdict verdict = parser.get().verdict(0);
        out.println("{\"type\":\"outcome\",\"outcome\":\"" + (verdict.success() ? "success" : "error") + "\",\"reason\":"
                + string(verdict.reason()) + (verdict.success() ? "" : ",\"retryable\":" + verdict.retryable()) + "}");
        return 0;
    }

    /** {@code 12}, {@code 12-20} or {@code 12-20x2}. */
    static FrameSequence frameSequence(String frames) {
        try {
            String[] byParts = frames.split("x", 2);
            String[] range = byParts[0].split("(?<=\\d)-", 2);
            int start = Integer.parseInt(range[0].trim());
            int end = range.length > 1 ? Integer.parseInt(range[1].trim()) : start;
            int by = byParts.length > 1 ? Integer.parseInt(byParts[1].trim()) : 1;
            if (end < start || by < 1) {
                throw new IllegalArgumentException("bad --frames " + frames);
            }
            return new FrameSequence(start, by, (end - start) / by + 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --frames " + frames + " (START, START-END or START-ENDxBY)");
        }
    }

    static String json(LogEvent event) {
        return switch (event) {
            case LogEvent.Progress p -> "{\"type\":\"progress\",\"percent\":" + percent(p.percent()) + "}";
            case LogEvent.Frame f -> "{\"type\":\"frame\",\"frame\":" + f.frame() + ",\"state\":\""
                    + f.state().name().toLowerCase(java.util.Locale.ROOT) + "\"}";
            case LogEvent.Warning w -> "{\"type\":\"warning\",\"line\":" + string(w.line()) + "}";
            case LogEvent.Error e -> "{\"type\":\"error\",\"line\":" + string(e.line()) + ",\"kind\":\""
                    + e.kind().name().toLowerCase(java.util.Locale.ROOT) + "\",\"fatal\":" + e.fatal()
                    + ",\"retryable\":" + e.retryable() + "}";
        };
    }

    private static String percent(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : String.format(java.util.Locale.ROOT, "%.2f", percent);
    }

    /** A JSON string: quotes, backslashes and every control character escaped. */
    static String string(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static int usage(PrintStream err, String problem) {
        err.println("parse-log: " + problem);
        err.println("usage: ./yuntu parse-log --renderer NAME [--frames START[-END[xBY]]] FILE");
        err.println("renderers: " + LogParsers.names());
        return USAGE;
    }
}
