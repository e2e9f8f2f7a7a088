package cloud.yuntu.scene.ma;

import cloud.yuntu.scene.parse.CountingInput;
import cloud.yuntu.scene.parse.SceneParseException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a .ma file into MEL tokens: bare words, quoted strings (escapes resolved, decoded with
 * the header's codeset), statement ends and comments. A token the caller does not keep is
 * scanned without being stored, so a mesh's million-number setAttr costs no memory; every token
 * is still bounded so a 100 MB "word" is an error rather than an allocation.
 */
final class MelTokenizer {

    enum Kind { WORD, STRING, END, COMMENT, EOF }

    private static final int MAX_COMMENT = 4096;

    private final CountingInput in;
    private final int maxTokenBytes;
    private byte[] bytes = new byte[256];
    private int length;
    private Charset charset = StandardCharsets.UTF_8;
    private boolean doubleByte;

    private Kind kind;
    private long start;

    MelTokenizer(CountingInput in, int maxTokenBytes) {
        this.in = in;
        this.maxTokenBytes = maxTokenBytes;
    }

    void charset(Charset charset) {
        this.charset = charset;
        this.doubleByte = Codesets.isDoubleByte(charset);
    }

    Kind kind() {
        return kind;
    }

    long start() {
        return start;
    }

    long offset() {
        return in.offset();
    }

    /** The text of the token just read (kept tokens only). */
    String text() {
        return new String(bytes, 0, length, charset);
    }

    MelToken token() {
        return new MelToken(text(), kind == Kind.STRING, start);
    }

    /** Reads the next token; when {@code keep} is false its text is not stored. */
    Kind next(boolean keep) {
        length = 0;
        int c = in.read();
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            c = in.read();
        }
        start = in.offset() - 1;
        if (c < 0) {
            start = in.offset();
            return kind = Kind.EOF;
        }
        if (c == ';') {
            return kind = Kind.END;
        }
        if (c == '"') {
            readString(keep);
            return kind = Kind.STRING;
        }
        if (c == '/' && in.peek() == '/') {
            in.read();
            readLineComment();
            return kind = Kind.COMMENT;
        }
        if (c == '/' && in.peek() == '*') {
            in.read();
            skipBlockComment();
            return kind = Kind.COMMENT;
        }
        rejectBinary(c, in.offset() - 1);
        append(c, keep);
        while (true) {
            int p = in.peek();
            if (p < 0 || p == ' ' || p == '\t' || p == '\n' || p == '\r' || p == '\f' || p == ';' || p == '"') {
                return kind = Kind.WORD;
            }
            rejectBinary(p, in.offset());
            append(in.read(), keep);
        }
    }

    private void readString(boolean keep) {
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw SceneParseException.truncated("a string that began at byte " + start, in.offset());
            }
            if (c == '"') {
                return;
            }
            if (c == 0) {
                throw SceneParseException.malformed("NUL byte inside a string: binary data in an ASCII scene",
                        in.offset() - 1);
            }
            if (doubleByte && c >= 0x81 && c != 0xff) {
                append(c, keep);
                int trail = in.read();
                if (trail < 0) {
                    throw SceneParseException.truncated("a string that began at byte " + start, in.offset());
                }
                append(trail, keep);
                continue;
            }
            if (c == '\\') {
                int e = in.read();
                switch (e) {
                    case -1 -> throw SceneParseException.truncated("a string that began at byte " + start, in.offset());
                    case 'n' -> append('\n', keep);
                    case 't' -> append('\t', keep);
                    case 'r' -> append('\r', keep);
                    // A backslash before a line end continues the string on the next line.
                    case '\n' -> { }
                    default -> append(e, keep);
                }
                continue;
            }
            append(c, keep);
        }
    }

    private void readLineComment() {
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r' && length < MAX_COMMENT) {
                append(c, true);
            }
        }
    }

    private void skipBlockComment() {
        int previous = 0;
        int c;
        while ((c = in.read()) >= 0) {
            if (previous == '*' && c == '/') {
                return;
            }
            previous = c;
        }
        throw SceneParseException.truncated("a /* comment that began at byte " + start, in.offset());
    }

    private void append(int c, boolean keep) {
        if (length >= maxTokenBytes) {
            throw SceneParseException.limit("a token that began at byte " + start + " is longer than "
                    + maxTokenBytes + " bytes", in.offset());
        }
        if (keep) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(maxTokenBytes, bytes.length * 2));
            }
            bytes[length] = (byte) c;
        }
        length++;
    }

    private static void rejectBinary(int c, long at) {
        if (c < 0x20 && c != '\t' || c == 0x7f) {
            throw SceneParseException.malformed(String.format("control byte 0x%02x outside a string: binary data in an ASCII scene", c), at);
        }
    }
}
