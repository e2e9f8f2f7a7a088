package cloud.yuntu.agent.render;

/**
 * Makes text from a job safe to put into a log line. Layer, camera and prefix names come from a
 * user's scene or request; a newline in one, echoed as it is, would end the line and start a
 * forged one (a fake {@code // Error:}, a fake progress or agent line). Control characters are
 * written as escapes instead, so such a name stays one visible piece of one line.
 *
 * <p>JDK only: the simulated renderer uses it too.
 */
public final class LogText {

    private LogText() {
    }

    /** {@code text} with every control character (C0, DEL, C1) and line or paragraph separator escaped. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * A line of renderer output as reported: a pipe reader splits at {@code \n} already, but a
     * {@code \r}, a terminal escape sequence or a U+2028 would still move or forge text where the
     * log is shown. Tabs are kept: renderers indent with them and they start no line.
     */
    public static String rendererLine(String line) {
        return escape(line, true);
    }

    /** True when {@code text} holds a character {@link #escape} would change. */
    public static boolean hasControl(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String escape(String text, boolean keepTabs) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c) || (keepTabs && c == '\t')) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
