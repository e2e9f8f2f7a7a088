package cloud.yuntu.platform.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An OAuth 2.0 token answer (RFC 6749 section 5.1) as {@code POST /api/auth/token} and any
 * OpenID Connect provider's token endpoint give it.
 */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {

    public static TokenResponse bearer(String token, long expiresInSeconds) {
        return new TokenResponse(token, "Bearer", expiresInSeconds);
    }
}
