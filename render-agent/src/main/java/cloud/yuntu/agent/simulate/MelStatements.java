package cloud.yuntu.agent.simulate;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits Maya ASCII text into its MEL statements as it reads it: words and string literals up to
 * each {@code ;} outside a string, {@code //} comments dropped, string escapes ({@code \"},
 * {@code \\}, {@code \n}, {@code \t}) decoded. A statement may span lines and a string may hold
 * {@code ;} or {@code //}. Enough for the statements a scene's files and settings are named in;
 * scene-service has the full parser.
 *
 * <p>Memory stays bounded whatever the scene's size, as Maya's own reading does: only one statement
 * is held at a time, and of it only its first {@link #MAX_WORDS} words, each cut at
 * {@link #MAX_WORD_CHARS} characters. The statements the simulator reads ({@code fileInfo},
 * {@code createNode}, {@code select}, {@code setAttr} of a path, {@code file}) need far fewer; a
 * mesh's million-number {@code setAttr} or a script node's long string is scanned and dropped.
 */
final class MelStatements {

    /** Words kept of one statement; a {@code file -r} statement, the longest the simulator reads, has about 15. */
    static final int MAX_WORDS = 32;
    /** Characters kept of one word; longer than any path a file system takes. */
    static final int MAX_WORD_CHARS = 32 * 1024;

    /** @param line the line (from 1) where the statement's first word is */
    record Statement(List<String> words, int line) {
    }

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private int line = 1;

    private MelStatements(Reader in) {
        this.in = in;
    }

    /** Hands each statement of {@code text} to {@code each} as it is read; the reader is read to its end, not closed. */
    static void read(Reader text, Consumer<Statement> each) throws IOException {
        new MelStatements(text).readAll(each);
    }

    /** The statements of {@code text}, all of them. */
    static List<Statement> of(String text) {
        List<Statement> statements = new ArrayList<>();
        try {
            read(new StringReader(text), statements::add);
        } catch (IOException e) {
            throw new UncheckedIOException("a string cannot fail to read", e);
        }
        return statements;
    }

    private void readAll(Consumer<Statement> each) throws IOException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int statementLine = 1;
        int c = next();
        while (c >= 0) {
            if (c == '\n') {
                line++;
                c = next();
            } else if (Character.isWhitespace(c)) {
                c = next();
            } else if (c == ';') {
                if (!words.isEmpty()) {
                    each.accept(new Statement(List.copyOf(words), statementLine));
                    words.clear();
                }
                c = next();
            } else if (c == '/' && peek() == '/') {
                while (c >= 0 && c != '\n') {
                    c = next();
                }
            } else if (c == '"') {
                if (words.isEmpty()) {
                    statementLine = line;
                }
                word.setLength(0);
                c = next();
                while (c >= 0 && c != '"') {
                    if (c == '\\') {
                        int escaped = next();
                        if (escaped < 0) {
                            break;
                        }
                        append(word, switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> (char) escaped;
                        });
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        append(word, (char) c);
                    }
                    c = next();
                }
                c = next();
                add(words, word);
            } else {
                if (words.isEmpty()) {
                    statementLine = line;
                }
                word.setLength(0);
                while (c >= 0 && !Character.isWhitespace(c) && c != ';' && c != '"') {
                    append(word, (char) c);
                    c = next();
                }
                add(words, word);
            }
        }
        if (!words.isEmpty()) {
            each.accept(new Statement(List.copyOf(words), statementLine));
        }
    }

    private static void append(StringBuilder word, char c) {
        if (word.length() < MAX_WORD_CHARS) {
            word.append(c);
        }
    }

    private static void add(List<String> words, StringBuilder word) {
        if (words.size() < MAX_WORDS) {
            words.add(word.toString());
        }
    }

    private int next() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    /** The character {@link #next()} returns next, without taking it; -1 at the end. */
    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }
}
