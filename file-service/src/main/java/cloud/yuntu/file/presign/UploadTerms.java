package cloud.yuntu.file.presign;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.storage.ExpectedContent;
import cloud.yuntu.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What an upload URL is bound to, all of it inside its signature: exactly {@code size} bytes whose
 * SHA-256 is {@code sha256}, sent once ({@code uploadId}, a random nonce spent when the upload commits).
 */
public record UploadTerms(long size, String sha256, UUID uploadId) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * The terms a presign request for PUT asks for, with a fresh upload id.
     *
     * @throws ProblemException 422 naming {@code size} and/or {@code sha256} when missing or invalid
     */
    static UploadTerms requested(Long size, String sha256, long maxObjectSize) {
        List<FieldError> errors = new ArrayList<>();
        if (size == null || size < 0 || size > maxObjectSize) {
            errors.add(new FieldError("size", "is required for PUT: the body's length in bytes, 0 to " + maxObjectSize));
        }
        if (!validSha256(sha256)) {
            errors.add(new FieldError("sha256", "is required for PUT: the body's SHA-256 as 64 lowercase hex digits"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new UploadTerms(size, sha256, UUID.randomUUID());
    }

    static boolean validSha256(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    public ExpectedContent expected() {
        return new ExpectedContent(size, sha256);
    }
}
