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

    /** Machine-readable cause: {@code not-a-maya-file}, {@code truncated}, {@code malformed}, {@code limit-exceeded}. */
    public String code() {
        return code;
    }

    public long offset() {
        return offset;
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
