package cloud.yuntu.scene.ma;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The charsets a .ma header's {@code //Codeset:} names: Windows code page numbers or IANA names. */
final class Codesets {

    private Codesets() {
    }

    /** Empty when the JDK knows no such charset; the caller then keeps reading and warns. */
    static Optional<Charset> forName(String codeset) {
        String name = codeset.trim();
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals("UTF-8") || upper.equals("UTF8") || upper.equals("65001")) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (upper.equals("936") || upper.equals("GBK") || upper.equals("CP936")) {
            return Optional.of(Charset.forName("GBK"));
        }
        if (upper.chars().allMatch(Character::isDigit) && !upper.isEmpty()) {
            for (String candidate : new String[] {"windows-" + upper, "x-windows-" + upper, "CP" + upper, "x-IBM" + upper}) {
                Optional<Charset> found = lookup(candidate);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        return lookup(name);
    }

    /**
     * Double-byte code pages whose trail bytes can be {@code "} or {@code \}: inside a string the
     * byte after a lead byte is part of the character, never an escape or the closing quote.
     */
    static boolean isDoubleByte(Charset charset) {
        String name = charset.name().toUpperCase(Locale.ROOT);
        return name.equals("GBK") || name.equals("GB18030") || name.contains("936") || name.contains("949")
                || name.contains("950") || name.equals("BIG5") || name.contains("932") || name.equals("SHIFT_JIS")
                || name.equals("EUC-KR");
    }

    private static Optional<Charset> lookup(String name) {
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
