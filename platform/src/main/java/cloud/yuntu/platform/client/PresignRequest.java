package cloud.yuntu.platform.client;

/**
 * A request for an expiring URL of one object.
 *
 * @param method {@code GET} or {@code PUT}
 * @param expiresInSeconds null for file-service's default
 * @param grant the job grant of a render agent (from its frame job); null for users and services
 */
public record PresignRequest(String key, String method, Long expiresInSeconds, String grant) {
}
