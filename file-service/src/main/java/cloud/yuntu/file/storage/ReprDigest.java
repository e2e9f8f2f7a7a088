package cloud.yuntu.file.storage;

import java.util.Base64;
import java.util.HexFormat;

/** RFC 9530 {@code Repr-Digest}: the SHA-256 of an object as a header, so a client can compare it with its own. */
public final class ReprDigest {

    public static final String HEADER = "Repr-Digest";

    private ReprDigest() {
    }

    /** @param sha256 64 hex digits */
    public static String sha256(String sha256) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":";
    }
}
