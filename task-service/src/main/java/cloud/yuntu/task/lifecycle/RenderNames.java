package cloud.yuntu.task.lifecycle;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the farm accepts as names it puts on a render command line: layer and camera names,
 * renderer names, image formats and Maya's image prefix ({@code Render -im}). The same rules
 * judge a user's request (a 422 naming the field) and a scene's report (the task fails naming
 * the layer), so nothing the farm would refuse from a user reaches an agent from a scene.
 */
public final class RenderNames {

    /** Maya's {@code Render -r} names; also a topic name segment of the job lane, so no dots or dashes. */
    public static final Pattern RENDERER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    public static final Pattern IMAGE_FORMAT = Pattern.compile("[A-Za-z0-9]{2,8}");
    public static final int MAX_NAME = 255;
    public static final int MAX_PREFIX = 1023;

    /**
     * Control characters (C0, DEL, C1) forge log lines and break command lines; U+FFFD is what
     * scene-service puts where a scene's name held one, so it marks a name that was unsafe.
     */
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\x{FFFD}]");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private RenderNames() {
    }

    public static boolean unsafe(String value) {
        return value != null && UNSAFE.matcher(value).find();
    }

    /** @return why {@code prefix} cannot be Maya's {@code -im}, or empty when it can */
    public static Optional<String> prefixProblem(String prefix) {
        if (prefix.isBlank()) {
            return Optional.of("must not be blank; leave it out for Maya's default");
        }
        if (prefix.length() > MAX_PREFIX) {
            return Optional.of("must be at most " + MAX_PREFIX + " characters");
        }
        if (unsafe(prefix)) {
            return Optional.of("must not contain control characters");
        }
        if (prefix.indexOf('\\') >= 0) {
            return Optional.of("must separate folders with /, not \\");
        }
        if (prefix.startsWith("/") || DRIVE.matcher(prefix).matches() || prefix.startsWith("~")) {
            return Optional.of("must be relative to the render folder, not an absolute path");
        }
        String[] segments = prefix.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("..")) {
                return Optional.of("must not contain .. (it would write outside the task's results)");
            }
            if (segment.startsWith(".")) {
                return Optional.of("must not contain a hidden segment starting with . (\"" + segment + "\")");
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                return Optional.of("must not contain an empty folder name (//)");
            }
        }
        return Optional.empty();
    }

    /** Whether Maya puts the render layer's name into files named by {@code prefix}. */
    public static boolean namesLayer(String prefix) {
        return prefix.contains("<RenderLayer>") || prefix.contains("<Layer>") || prefix.contains("%l");
    }

    /** {@code value} for a message: control characters and U+FFFD spelled out, never raw. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        value.codePoints().limit(200).forEach(c -> {
            if (Character.getType(c) == Character.CONTROL || c == 0xFFFD) {
                out.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > 200) {
            out.append('…');
        }
        return out.toString();
    }
}
