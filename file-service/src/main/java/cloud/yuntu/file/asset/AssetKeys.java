package cloud.yuntu.file.asset;

import cloud.yuntu.file.storage.ObjectKey;
import java.util.regex.Pattern;

/** Assets are named by their content: {@code assets/sha256/<64 lowercase hex digits>}. */
public final class AssetKeys {

    /** Lowercase only, so that one content has exactly one name. */
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    static final String SHA256_RULE = "must be 64 lowercase hexadecimal digits (a SHA-256)";

    private AssetKeys() {
    }

    public static boolean validSha256(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** @param sha256 already validated */
    public static ObjectKey of(String sha256) {
        return ObjectKey.of("assets/sha256/" + sha256);
    }
}
