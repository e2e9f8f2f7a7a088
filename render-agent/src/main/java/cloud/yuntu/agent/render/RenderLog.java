package cloud.yuntu.agent.render;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * What a failure report needs from the renderer's output: the last lines, and the first Maya
 * {@code // Error:} line, which names the cause (later errors are usually consequences).
 */
public final class RenderLog {

    private static final List<String> SCENE_LOAD_ERRORS = List.of(
            "file not found", "cannot find file", "cannot open", "could not open", "failed to load",
            "error reading file", "unknown file type", "error while parsing", "scene is corrupt");

    private final int tailSize;
    private final ArrayDeque<String> tail;
    private String firstError;

    public RenderLog(int tailSize) {
        this.tailSize = tailSize;
        this.tail = new ArrayDeque<>(tailSize);
    }

    public synchronized void accept(String line) {
        if (tail.size() == tailSize) {
            tail.removeFirst();
        }
        tail.addLast(line);
        if (firstError == null && line.contains("Error:")) {
            firstError = line.substring(line.indexOf("Error:") + "Error:".length()).trim();
        }
    }

    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The first error message, or null when the renderer printed none. */
    public synchronized String firstError() {
        return firstError;
    }

    /** A scene Maya cannot load will not load on the next attempt either. */
    public static boolean isSceneLoadError(String error) {
        if (error == null) {
            return false;
        }
        String lower = error.toLowerCase(Locale.ROOT);
        return SCENE_LOAD_ERRORS.stream().anyMatch(lower::contains);
    }
}
