package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over {@code METHOD \n key \n expiresEpochSeconds}. The newline separators keep
 * the fields unambiguous (a key cannot contain control characters), so no two different
 * (method, key, expiry) triples share a signed string.
 */
public final class UrlSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public UrlSigner(String signingKey) {
        if (signingKey == null || signingKey.isBlank()) {
            throw new IllegalArgumentException("yuntu.file.signing-key must be set");
        }
        this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String sign(AccessMethod method, ObjectKey objectKey, Instant expires) {
        return HexFormat.of().formatHex(mac(method, objectKey, expires.getEpochSecond()));
    }

    /** Constant-time check, so response timing reveals nothing about how much of a guess matched. */
    public boolean verify(AccessMethod method, ObjectKey objectKey, long expiresEpochSeconds, String signatureHex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(method, objectKey, expiresEpochSeconds), given);
    }

    private byte[] mac(AccessMethod method, ObjectKey objectKey, long expiresEpochSeconds) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            String canonical = method.name() + "\n" + objectKey.value() + "\n" + expiresEpochSeconds;
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without HmacSHA256", e);
        }
    }
}
