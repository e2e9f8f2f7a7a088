package cloud.yuntu.platform.client;

/**
 * A request for an expiring URL of one object.
 *
 * @param method {@code GET} or {@code PUT}
 * @param expiresInSeconds null for file-service's default
 * @param grant the job grant of a render agent (from its frame job); null for users and services
 * @param size for {@code PUT}: the exact length in bytes of the body that will be sent (the URL is bound to it)
 * @param sha256 for {@code PUT}: that body's SHA-256, 64 lowercase hex digits (the URL is bound to it)
 */
public record PresignRequest(String key, String method, Long expiresInSeconds, String grant, Long size,
        String sha256) {

    /** A download URL. */
    public PresignRequest(String key, String method, Long expiresInSeconds, String grant) {
        this(key, method, expiresInSeconds, grant, null, null);
    }

    /** A single-use upload URL for exactly {@code size} bytes hashing to {@code sha256}. */
    public static PresignRequest upload(String key, long size, String sha256, Long expiresInSeconds, String grant) {
        return new PresignRequest(key, "PUT", expiresInSeconds, grant, size, sha256);
    }
}
