package cloud.yuntu.scene.analysis;

import java.util.regex.Pattern;

/** Paths that stand for many files: UDIM/UV tiles and frame numbers, in the notations Maya and renderers use. */
final class FilePattern {

    private static final Pattern TOKEN = Pattern.compile(
            "(?i)<udim>|<uvtile>|<tile>|u<u>_v<v>|_u<u>_v<v>|<f\\d*>|<frame>|\\$F\\d?|#+|%0?\\d*d|\\*");

    private static final String NUMBER = "(?:[0-9]+|u[0-9]+_v[0-9]+)";

    private FilePattern() {
    }

    static boolean isSequence(String path) {
        return TOKEN.matcher(path).find();
    }

    /**
     * A regular expression matching the concrete files of a pattern path. A file node's sequence
     * flag without a token in the name means Maya numbers the file itself (name.1001.exr), so
     * any run of digits stands for the number.
     */
    static Pattern matcher(String path) {
        StringBuilder regex = new StringBuilder();
        var m = TOKEN.matcher(path);
        int last = 0;
        boolean anyToken = false;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start())));
            regex.append(m.group().equals("*") ? "[^/]*" : NUMBER);
            last = m.end();
            anyToken = true;
        }
        String rest = path.substring(last);
        int dot = rest.lastIndexOf('.');
        if (!anyToken && dot > rest.lastIndexOf('/')) {
            // name.ext -> name(.number)?.ext: the frame or tile number Maya inserts itself.
            String stem = rest.substring(0, dot).replaceAll("[._]?[0-9]+$", "");
            regex.append(Pattern.quote(stem)).append("(?:[._]?").append(NUMBER).append(")?")
                    .append(Pattern.quote(rest.substring(dot)));
        } else {
            regex.append(Pattern.quote(rest));
        }
        return Pattern.compile(regex.toString());
    }
}
