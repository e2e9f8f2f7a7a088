package cloud.yuntu.scene.parse;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One written attribute value, kept as text whatever the source format. Only the first few
 * tokens are kept (a mesh's point array may have millions): {@code truncated} says when more
 * followed.
 *
 * @param type the {@code -type} of .ma or the chunk tag of .mb ({@code string}, {@code double3}, {@code DBLE}), null for a plain number or flag
 * @param tokens the value tokens, strings already unquoted and decoded
 */
public record AttrValue(String type, List<String> tokens, boolean truncated) {

    public AttrValue {
        tokens = List.copyOf(tokens);
    }

    public static AttrValue of(String type, String... tokens) {
        return new AttrValue(type, List.of(tokens), false);
    }

    /** The first token as text, null when the statement wrote none (e.g. only a size). */
    public String text() {
        return tokens.isEmpty() ? null : tokens.getFirst();
    }

    /** The first token as a number; Maya's {@code yes/no/on/off/true/false} read as 1/0. */
    public OptionalDouble number() {
        String text = text();
        if (text == null) {
            return OptionalDouble.empty();
        }
        switch (text) {
            case "yes", "on", "true":
                return OptionalDouble.of(1);
            case "no", "off", "false":
                return OptionalDouble.of(0);
            default:
                try {
                    return OptionalDouble.of(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
        }
    }
}
