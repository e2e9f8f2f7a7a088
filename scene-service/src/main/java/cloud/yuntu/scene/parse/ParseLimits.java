package cloud.yuntu.scene.parse;

/**
 * Bounds that make hostile input fail fast instead of exhausting memory or time.
 *
 * @param maxTokenBytes longest single .ma token (a quoted string or a word); Maya writes long
 *        strings for script nodes, never near this
 * @param keptValueTokens value tokens kept per setAttr/chunk; the rest are read and dropped
 * @param maxChunkDepth deepest .mb group nesting (real files use 3)
 * @param maxLeafBytes largest .mb leaf chunk read into memory; bigger ones are skipped unread
 */
public record ParseLimits(int maxTokenBytes, int keptValueTokens, int maxChunkDepth, int maxLeafBytes) {

    public static final ParseLimits DEFAULT = new ParseLimits(16 * 1024 * 1024, 64, 32, 4 * 1024 * 1024);

    public ParseLimits {
        if (maxTokenBytes < 1024 || keptValueTokens < 4 || maxChunkDepth < 4 || maxLeafBytes < 1024) {
            throw new IllegalArgumentException("parse limits too small to read any real scene");
        }
    }
}
