package cloud.yuntu.file.storage;

import cloud.yuntu.platform.problem.ProblemException;

/**
 * A validated object key: relative, '/'-separated, no empty, '.'-led or '..' segments, no
 * backslashes or control characters. The same key must be safe as a local path under the store
 * root and as an OSS object name, so the rules are the stricter of both.
 */
public record ObjectKey(String value) {

    /** OSS limits object names to 1023 bytes; keep keys portable between backends. */
    static final int MAX_BYTES = 1023;

    public ObjectKey {
        String problem = problemWith(value);
        if (problem != null) {
            throw ProblemException.invalidField("key", problem);
        }
    }

    public static ObjectKey of(String value) {
        return new ObjectKey(value);
    }

    /** Whether {@code value} is an acceptable key (a name a store lists may be none: nothing this service wrote). */
    public static boolean isValid(String value) {
        return problemWith(value) == null;
    }

    /** Null when {@code value} is an acceptable key, else why not. */
    static String problemWith(String value) {
        if (value == null || value.isBlank()) {
            return "is required";
        }
        if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "is longer than " + MAX_BYTES + " bytes";
        }
        if (value.startsWith("/")) {
            return "must be relative (no leading '/')";
        }
        if (value.indexOf('\\') >= 0) {
            return "must not contain a backslash";
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must not contain control characters";
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                return "must not contain empty segments ('//' or a trailing '/')";
            }
            if (segment.equals("..")) {
                return "must not contain '..'";
            }
            if (segment.startsWith(".")) {
                // Also keeps clear of the store's own hidden staging directory.
                return "segments must not start with '.'";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
