package cloud.yuntu.file.presign;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.Optional;

/**
 * @param expiresInSeconds null means 900
 * @param grant a render agent's job grant (from its frame job); ignored for every other caller
 * @param size for PUT (required): the exact length of the body to be uploaded
 * @param sha256 for PUT (required): the SHA-256 of that body, 64 lowercase hex digits
 * @param fileName for GET (optional): the name the download is saved as, instead of the key's last segment
 */
public record PresignRequest(@NotBlank String key, @NotNull AccessMethod method, @Positive Long expiresInSeconds,
        String grant, Long size, String sha256, String fileName) {

    static final long DEFAULT_EXPIRES_IN_SECONDS = 900;

    long expiresInSecondsOrDefault() {
        return expiresInSeconds == null ? DEFAULT_EXPIRES_IN_SECONDS : expiresInSeconds;
    }

    /** The name a GET URL's download is saved as (422 naming {@code fileName} when unusable); empty for the key's own or for PUT. */
    Optional<String> downloadName() {
        return method == AccessMethod.GET && fileName != null ? Optional.of(DownloadName.requested(fileName))
                : Optional.empty();
    }

    /** What a PUT URL is bound to (422 naming {@code size} / {@code sha256} when unusable); null for GET. */
    UploadTerms uploadTerms(long maxObjectSize) {
        return method == AccessMethod.PUT ? UploadTerms.requested(size, sha256, maxObjectSize) : null;
    }
}
