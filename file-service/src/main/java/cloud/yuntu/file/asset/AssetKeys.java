package cloud.yuntu.file.asset;

import cloud.yuntu.file.storage.ObjectKey;
import java.util.regex.Pattern;

/** Assets are named by their content: {@code assets/sha256/<64 lowercase hex digits>}. */
public final class AssetKeys {

    /** Lowercase only, so that one content has exactly one name. */
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The folder of every asset key. */
    public static final String PREFIX = "assets/sha256/";

    public static final String SHA256_RULE = "must be 64 lowercase hexadecimal digits (a SHA-256)";

    private AssetKeys() {
    }

    public static boolean validSha256(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** The content an asset key names. @throws IllegalArgumentException for any other key */
    public static String sha256Of(ObjectKey key) {
        String sha256 = key.value().startsWith(PREFIX) ? key.value().substring(PREFIX.length()) : "";
        if (!validSha256(sha256)) {
            throw new IllegalArgumentException("not an asset key: " + key);
        }
        return sha256;
    }

    /** @param sha256 already validated */
    public static ObjectKey of(String sha256) {
        return ObjectKey.of(PREFIX + sha256);
    }
}
