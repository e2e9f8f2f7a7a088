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
 * HMAC-SHA256 over {@code METHOD \n key \n expiresEpochSeconds} for downloads, over
 * {@code GET \n key \n expiresEpochSeconds \n fileName} for downloads under a chosen file name, and over
 * {@code PUT \n key \n expiresEpochSeconds \n size \n sha256 \n uploadId} for uploads. The newline
 * separators keep the fields unambiguous (neither a key nor a chosen file name can contain control
 * characters, the other fields are digits, hex and a UUID), so no two different inputs share a signed string.
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
        return HexFormat.of().formatHex(mac(canonical(method, objectKey, expires.getEpochSecond())));
    }

    /** A download whose answer names {@code fileName} instead of the key's last segment. */
    public String signDownload(ObjectKey objectKey, Instant expires, String fileName) {
        return HexFormat.of().formatHex(mac(canonicalDownload(objectKey, expires.getEpochSecond(), fileName)));
    }

    public String signUpload(ObjectKey objectKey, Instant expires, UploadTerms terms) {
        return HexFormat.of().formatHex(mac(canonicalUpload(objectKey, expires.getEpochSecond(), terms)));
    }

    /** Constant-time check, so response timing reveals nothing about how much of a guess matched. */
    public boolean verify(AccessMethod method, ObjectKey objectKey, long expiresEpochSeconds, String signatureHex) {
        return matches(canonical(method, objectKey, expiresEpochSeconds), signatureHex);
    }

    /** The check of a download URL with a chosen file name: the name is signed as well. */
    public boolean verifyDownload(ObjectKey objectKey, long expiresEpochSeconds, String fileName, String signatureHex) {
        return matches(canonicalDownload(objectKey, expiresEpochSeconds, fileName), signatureHex);
    }

    /** The check of an upload URL: its size, digest and upload id are signed as well. */
    public boolean verifyUpload(ObjectKey objectKey, long expiresEpochSeconds, UploadTerms terms, String signatureHex) {
        return matches(canonicalUpload(objectKey, expiresEpochSeconds, terms), signatureHex);
    }

    private boolean matches(String canonical, String signatureHex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(canonical), given);
    }

    private static String canonical(AccessMethod method, ObjectKey objectKey, long expiresEpochSeconds) {
        return method.name() + "\n" + objectKey.value() + "\n" + expiresEpochSeconds;
    }

    private static String canonicalDownload(ObjectKey objectKey, long expiresEpochSeconds, String fileName) {
        return canonical(AccessMethod.GET, objectKey, expiresEpochSeconds) + "\n" + fileName;
    }

    private static String canonicalUpload(ObjectKey objectKey, long expiresEpochSeconds, UploadTerms terms) {
        return canonical(AccessMethod.PUT, objectKey, expiresEpochSeconds) + "\n" + terms.size() + "\n"
                + terms.sha256() + "\n" + terms.uploadId();
    }

    private byte[] mac(String canonical) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without HmacSHA256", e);
        }
    }
}
