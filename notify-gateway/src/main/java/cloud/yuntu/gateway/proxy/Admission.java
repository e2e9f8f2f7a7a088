package cloud.yuntu.gateway.proxy;

import io.vertx.core.http.HttpMethod;

/**
 * What a proxied request must show at the edge before it reaches a service. Everything needs a
 * bearer token, except the two doors that cannot have one: the token endpoint (where a token is
 * obtained) and presigned object URLs (their query carries a signature file-service checks).
 */
enum Admission {

    /** {@code POST /api/auth/token}: no token; limited per client address, passwords are guessed here. */
    TOKEN_ENDPOINT,

    /** {@code /api/files/blob/**}: no token, the URL's own expiring signature is the credential. */
    PRESIGNED,

    /** Everything else: a valid bearer token, limited per caller. */
    BEARER_TOKEN;

    static final String TOKEN_PATH = "/api/auth/token";
    static final String PRESIGNED_PREFIX = "/api/files/blob/";

    /** @param path the normalised path, so that dot segments cannot reach an open door */
    static Admission of(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method) && TOKEN_PATH.equals(path)) {
            return TOKEN_ENDPOINT;
        }
        if (path.startsWith(PRESIGNED_PREFIX)) {
            return PRESIGNED;
        }
        return BEARER_TOKEN;
    }
}
