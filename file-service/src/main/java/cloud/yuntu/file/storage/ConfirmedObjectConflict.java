package cloud.yuntu.file.storage;

import cloud.yuntu.platform.problem.ProblemException;
import java.util.List;

/**
 * 409: the key holds a confirmed result, which is never replaced. Carries the confirmed SHA-256 so
 * that the answer can name it ({@code Repr-Digest}): an agent whose own output is that very content
 * knows its upload is done.
 */
public final class ConfirmedObjectConflict extends ProblemException {

    private final String sha256;

    public ConfirmedObjectConflict(ObjectKey key, String sha256) {
        super(409, "result-confirmed", "Result confirmed", key + " is a confirmed result (SHA-256 " + sha256
                + ") and cannot be replaced", List.of());
        this.sha256 = sha256;
    }

    public String sha256() {
        return sha256;
    }

    /** RFC 9530 {@code Repr-Digest} field value of the confirmed object. */
    public String reprDigest() {
        return ReprDigest.sha256(sha256);
    }
}
