package cloud.yuntu.file.storage;

import cloud.yuntu.platform.problem.ProblemException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The answers every {@link MultipartStore} gives about a part's bytes, alike on every backend. */
public final class PartRules {

    private PartRules() {
    }

    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without MD5", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The body ended before its declared length: the connection was cut, nothing is kept. */
    public static ProblemException cutOff(long received, long length) {
        return ProblemException.invalidField("Content-Length", "the body ended after " + received + " of " + length
                + " bytes; nothing of this part was kept, send it again");
    }

    public static ProblemException tooLong(long length) {
        return ProblemException.invalidField("Content-Length", "the body is longer than the part's " + length
                + " bytes; nothing of this part was kept");
    }

    /** Refused before anything is kept: the bytes are not the ones the client hashed. */
    public static void checkMd5(byte[] expected, byte[] actual) {
        if (expected != null && !MessageDigest.isEqual(expected, actual)) {
            throw ProblemException.invalidField("Content-MD5", "does not match the body, whose MD5 is "
                    + hex(actual) + "; nothing of this part was kept, send it again");
        }
    }

    /** A part was replaced (or removed) after the completion read its description. */
    public static ProblemException changed(int partNumber) {
        return ProblemException.conflict("upload-changed", "Upload changed",
                "part " + partNumber + " changed while the upload was being completed; complete it again");
    }
}
