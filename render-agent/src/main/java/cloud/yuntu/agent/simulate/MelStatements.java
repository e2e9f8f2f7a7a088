package cloud.yuntu.agent.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Maya ASCII text into its MEL statements: words and string literals up to each {@code ;}
 * outside a string, {@code //} comments dropped, string escapes ({@code \"}, {@code \\}, {@code \n},
 * {@code \t}) decoded. Enough for the statements a scene's files are named in; scene-service has
 * the full parser.
 */
final class MelStatements {

    /** @param line the line (from 1) where the statement's first word is */
    record Statement(List<String> words, int line) {
    }

    private MelStatements() {
    }

    static List<Statement> of(String text) {
        List<Statement> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int line = 1;
        int statementLine = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ';') {
                if (!words.isEmpty()) {
                    statements.add(new Statement(List.copyOf(words), statementLine));
                    words.clear();
                }
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"') {
                if (words.isEmpty()) {
                    statementLine = line;
                }
                StringBuilder literal = new StringBuilder();
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char s = text.charAt(i);
                    if (s == '\\' && i + 1 < n) {
                        char escaped = text.charAt(++i);
                        literal.append(switch (escaped) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> escaped;
                        });
                    } else {
                        if (s == '\n') {
                            line++;
                        }
                        literal.append(s);
                    }
                    i++;
                }
                i++;
                words.add(literal.toString());
            } else {
                if (words.isEmpty()) {
                    statementLine = line;
                }
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ';'
                        && text.charAt(i) != '"') {
                    i++;
                }
                words.add(text.substring(start, i));
            }
        }
        if (!words.isEmpty()) {
            statements.add(new Statement(List.copyOf(words), statementLine));
        }
        return statements;
    }
}
