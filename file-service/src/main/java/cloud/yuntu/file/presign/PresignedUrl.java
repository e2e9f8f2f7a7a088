package cloud.yuntu.file.presign;

import java.net.URI;
import java.time.Instant;

public record PresignedUrl(URI url, AccessMethod method, Instant expiresAt) {
}
