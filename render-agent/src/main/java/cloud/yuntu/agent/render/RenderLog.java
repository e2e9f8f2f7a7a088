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
    /**
     * A file of the project the renderer stopped on: Arnold's texture system ({@code [texturesys] file1:
     * Could not open file "..."}, which stops the render under Arnold's default abort on error).
     *
     * <p>Not retried. Before the renderer starts, the agent has placed every file of the job's manifest,
     * each verified by size and SHA-256 on its way into the cache; a file that could not be fetched or
     * did not verify fails the frame there, as a transfer failure ({@code TransferFailed}: retryable when
     * another attempt may fetch it, not when file-service has no such object). So a file the renderer
     * then cannot find is one the manifest does not hold at that path (not uploaded, or named by the
     * scene where the project does not put it): every agent is given the same manifest and would fail
     * the same way, and only a new upload mends it.
     */
    private static final List<String> MISSING_PROJECT_FILES = List.of("[texturesys]");

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
            String error = line.substring(line.indexOf("Error:") + "Error:".length()).trim();
            // Maya closes its messages with " //" (// Error: ... //); the reason is the message.
            firstError = error.endsWith(" //") ? error.substring(0, error.length() - 3).trim() : error;
        }
    }

    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    /** The first error message, or null when the renderer printed none. */
    public synchronized String firstError() {
        return firstError;
    }

    /**
     * A scene Maya cannot load will not load on the next attempt either; nor will a project file the
     * renderer cannot find appear ({@link #isMissingProjectFile}).
     */
    public static boolean isSceneLoadError(String error) {
        if (error == null) {
            return false;
        }
        String lower = error.toLowerCase(Locale.ROOT);
        return SCENE_LOAD_ERRORS.stream().anyMatch(lower::contains) || isMissingProjectFile(error);
    }

    /** The renderer stopped on a project file it could not open (see {@link #MISSING_PROJECT_FILES}). */
    public static boolean isMissingProjectFile(String error) {
        return error != null && MISSING_PROJECT_FILES.stream().anyMatch(error::contains);
    }
}
