package cloud.yuntu.platform.client;

import java.net.URI;
import java.time.Instant;

/** An expiring URL allowing one method on one object. */
public record PresignedUrl(URI url, String method, Instant expiresAt) {
}
