package cloud.yuntu.gateway.proxy;

import io.vertx.core.http.HttpMethod;

import java.util.regex.Pattern;

/**
 * What a proxied request must show at the edge before it reaches a service. Everything needs a
 * bearer token, except the two doors that cannot have one: the token endpoint (where a token is
 * obtained) and presigned object URLs (their query carries a signature file-service checks).
 * Content uploads need a token but count against a transfer rate of their own: a project of a
 * thousand textures is a thousand requests, which the API rate would spread over a minute.
 */
enum Admission {

    /** {@code POST /api/auth/token}: no token; limited per client address, passwords are guessed here. */
    TOKEN_ENDPOINT,

    /** {@code /api/files/blob/**}: no token, the URL's own expiring signature is the credential. */
    PRESIGNED,

    /**
     * {@code PUT /api/assets/{sha256}} and {@code PUT /api/files/uploads/{id}/parts/{n}}: a valid
     * bearer token, limited per caller by the transfer rate.
     */
    CONTENT_TRANSFER,

    /** Everything else: a valid bearer token, limited per caller. */
    BEARER_TOKEN;

    static final String TOKEN_PATH = "/api/auth/token";
    static final String PRESIGNED_PREFIX = "/api/files/blob/";
    private static final Pattern TRANSFER_PATH = Pattern.compile("/api/assets/[^/]+|/api/files/uploads/[^/]+/parts/[^/]+");

    /** @param path the normalised path, so that dot segments cannot reach an open door */
    static Admission of(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method) && TOKEN_PATH.equals(path)) {
            return TOKEN_ENDPOINT;
        }
        if (path.startsWith(PRESIGNED_PREFIX)) {
            return PRESIGNED;
        }
        if (HttpMethod.PUT.equals(method) && TRANSFER_PATH.matcher(path).matches()) {
            return CONTENT_TRANSFER;
        }
        return BEARER_TOKEN;
    }
}
