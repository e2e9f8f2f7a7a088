package cloud.yuntu.scene.parse;

/**
 * The file cannot be read as a Maya scene. {@code offset} is the byte offset where reading
 * stopped, so a user can look at the file there.
 */
public class SceneParseException extends RuntimeException {

    private final String code;
    private final long offset;

    public SceneParseException(String code, String message, long offset) {
        super(message + " (at byte offset " + offset + ")");
        this.code = code;
        this.offset = offset;
    }

    private SceneParseException(String code, String message) {
        super(message);
        this.code = code;
        this.offset = -1;
    }

    /** Machine-readable cause: {@code not-a-maya-file}, {@code truncated}, {@code malformed}, {@code limit-exceeded}. */
    public String code() {
        return code;
    }

    /** The byte offset, -1 for a refusal of the whole scene (see {@link #refused}). */
    public long offset() {
        return offset;
    }

    /** The byte offset, null when the refusal is about the whole scene rather than a place in it. */
    public Long offsetOrNull() {
        return offset < 0 ? null : offset;
    }

    /**
     * The scene was read but exceeds what the analysis answers (too many layers, cameras,
     * dependencies, a report too large): code {@code limit-exceeded}, no offset.
     */
    public static SceneParseException refused(String what) {
        return new SceneParseException("limit-exceeded", what);
    }

    public static SceneParseException truncated(String what, long offset) {
        return new SceneParseException("truncated", "file ends inside " + what, offset);
    }

    public static SceneParseException malformed(String what, long offset) {
        return new SceneParseException("malformed", what, offset);
    }

    public static SceneParseException limit(String what, long offset) {
        return new SceneParseException("limit-exceeded", what, offset);
    }
}
