package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.ObjectKey;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download, so that a browser saves it under the object's
 * file name (the key's last segment) instead of the URL's. RFC 6266: an ASCII {@code filename}
 * for old clients plus {@code filename*} in UTF-8 for the exact name.
 */
public final class DownloadName {

    private DownloadName() {
    }

    public static String contentDisposition(ObjectKey key) {
        String name = key.value().substring(key.value().lastIndexOf('/') + 1);
        return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + encode(name);
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
