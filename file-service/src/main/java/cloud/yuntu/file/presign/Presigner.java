package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.ObjectKey;
import java.net.URI;
import java.time.Instant;

/**
 * Issues absolute, expiring URLs for one key and method. The local backend signs URLs served
 * by file-service itself; an OSS backend hands out OSS' own presigned URLs instead.
 */
public interface Presigner {

    URI presign(ObjectKey key, AccessMethod method, Instant expiresAt);
}
