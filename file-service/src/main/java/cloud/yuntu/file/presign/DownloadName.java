package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download, so that a browser saves it under the object's
 * file name (the key's last segment) instead of the URL's. RFC 6266: an ASCII {@code filename}
 * for old clients plus {@code filename*} in UTF-8 for the exact name. A download URL may name
 * another file name ({@code fileName} of a presign), inside its signature.
 */
public final class DownloadName {

    /** Most UTF-8 bytes of a chosen name: what common file systems hold in one path segment. */
    static final int MAX_BYTES = 255;

    private DownloadName() {
    }

    public static String contentDisposition(ObjectKey key) {
        return contentDisposition(key.value().substring(key.value().lastIndexOf('/') + 1));
    }

    /** @param name a key's last segment, or a name {@link #requested} accepted */
    public static String contentDisposition(String name) {
        return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + encode(name);
    }

    /**
     * A file name a caller chose for a download, if it is one segment a browser can save as it is:
     * 1 to 255 UTF-8 bytes, no path separator ({@code /}, {@code \}), not {@code .} or {@code ..}, no
     * control, format (bidirectional overrides, zero-width characters, which disguise a name) or
     * line-separating characters, no unpaired surrogates (not text).
     *
     * @throws ProblemException 422 on field {@code fileName}
     */
    static String requested(String name) {
        String problem = problemWith(name);
        if (problem != null) {
            throw ProblemException.invalidField("fileName", problem);
        }
        return name;
    }

    private static String problemWith(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "must be a file name, without '/' or '\\'";
        }
        if (name.equals(".") || name.equals("..")) {
            return "must be a file name, not '" + name + "'";
        }
        boolean unsafe = name.codePoints().anyMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        });
        if (unsafe) {
            return "must not contain control, format or line-separating characters";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes in UTF-8";
        }
        return null;
    }

    /** Quotes, backslashes, '%' and anything outside printable ASCII become '_'. */
    private static String asciiFallback(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
                ? (char) c : '_'));
        return out.toString();
    }

    /** RFC 5987 attr-char kept, every other byte of the UTF-8 form percent-encoded. */
    private static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
