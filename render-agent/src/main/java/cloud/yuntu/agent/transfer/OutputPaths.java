package cloud.yuntu.agent.transfer;

import java.util.Optional;

/**
 * Which paths below a job's render directory may become object keys. An output is stored at
 * {@code resultKeyPrefix + <path relative to the render dir>}; a {@code ..} segment would climb out
 * of the task's results, and a segment starting with {@code .} is a hidden file no renderer writes
 * as an image (and {@code .} / {@code ..} keys mean different things to different tools). The
 * same rule applies to a job's output prefix, whose segments become those paths.
 */
public final class OutputPaths {

    private OutputPaths() {
    }

    /** Why {@code relative} (segments separated by {@code /}) may not be uploaded; empty when it may. */
    public static Optional<String> problem(String relative) {
        if (relative == null || relative.isEmpty()) {
            return Optional.of("empty path");
        }
        if (relative.startsWith("/") || relative.startsWith("\\")) {
            return Optional.of("absolute path");
        }
        // Backslashes split too: Maya on Windows reads them as folders, and a key should not hide one.
        for (String segment : relative.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return Optional.of("'..' segment");
            }
            if (segment.startsWith(".")) {
                return Optional.of("segment starting with '.'");
            }
        }
        return Optional.empty();
    }
}
