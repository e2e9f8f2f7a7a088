package cloud.yuntu.file.upload.resumable;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.asset.AssetKeys;
import cloud.yuntu.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/files/uploads}.
 *
 * @param kind {@code scene} or {@code asset}
 * @param fileName the scene's file name (scenes only; reduced to a safe key segment at completion)
 * @param sha256 the content's SHA-256: required for assets, optional for scenes; checked at completion
 * @param size the whole content's length in bytes
 * @param partSize null for the configured default
 */
public record InitiateRequest(String kind, String fileName, String sha256, Long size, Long partSize) {

    static final int MAX_FILE_NAME_LENGTH = 1024;

    /** What a valid request asks for. */
    record Plan(UploadKind kind, String fileName, String sha256, PartLayout layout) {
    }

    /**
     * @throws ProblemException 413 when {@code size} exceeds {@code maxObjectSize}; 422 naming every bad field
     */
    Plan validate(long maxObjectSize, long defaultPartSize, long maxPartSize) {
        if (size != null && size > maxObjectSize) {
            throw ProblemException.tooLarge(maxObjectSize);
        }
        List<FieldError> errors = new ArrayList<>();
        UploadKind uploadKind = UploadKind.fromWire(kind).orElse(null);
        if (uploadKind == null) {
            errors.add(new FieldError("kind", "must be \"scene\" or \"asset\""));
        }
        if (uploadKind == UploadKind.SCENE && (fileName == null || fileName.isBlank())) {
            errors.add(new FieldError("fileName", "is required for a scene"));
        } else if (fileName != null && fileName.length() > MAX_FILE_NAME_LENGTH) {
            errors.add(new FieldError("fileName", "must be at most " + MAX_FILE_NAME_LENGTH + " characters"));
        }
        if (sha256 == null && uploadKind == UploadKind.ASSET) {
            errors.add(new FieldError("sha256", "is required for an asset: it names the content"));
        } else if (sha256 != null && !AssetKeys.validSha256(sha256)) {
            errors.add(new FieldError("sha256", AssetKeys.SHA256_RULE));
        }
        if (size == null || size < 1) {
            errors.add(new FieldError("size", "must be at least 1 byte"));
        }
        long chosen = partSize != null ? partSize
                : size == null || size < 1 ? defaultPartSize : Math.max(defaultPartSize, PartLayout.smallestPartSizeFor(size));
        if (partSize != null && partSize < PartLayout.MIN_PART_SIZE) {
            errors.add(new FieldError("partSize", "must be at least " + PartLayout.MIN_PART_SIZE + " bytes (1 MiB)"));
        } else if (chosen > maxPartSize) {
            errors.add(new FieldError("partSize", "must be at most " + maxPartSize + " bytes"));
        } else if (size != null && size >= 1 && (size + chosen - 1) / chosen > PartLayout.MAX_PARTS) {
            errors.add(new FieldError("partSize", "must be at least " + PartLayout.smallestPartSizeFor(size)
                    + " bytes for this size: an upload has at most " + PartLayout.MAX_PARTS + " parts"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Plan(uploadKind, uploadKind == UploadKind.SCENE ? fileName : null, sha256, PartLayout.of(size, chosen));
    }
}
