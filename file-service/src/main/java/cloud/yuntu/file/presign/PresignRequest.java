package cloud.yuntu.file.presign;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * @param expiresInSeconds null means 900
 * @param grant a render agent's job grant (from its frame job); ignored for every other caller
 */
public record PresignRequest(@NotBlank String key, @NotNull AccessMethod method, @Positive Long expiresInSeconds,
        String grant) {

    static final long DEFAULT_EXPIRES_IN_SECONDS = 900;

    long expiresInSecondsOrDefault() {
        return expiresInSeconds == null ? DEFAULT_EXPIRES_IN_SECONDS : expiresInSeconds;
    }
}
