package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.ObjectKey;
import java.net.URI;
import java.time.Instant;

/**
 * Issues absolute, expiring URLs for one key. The local backend signs download URLs served by
 * file-service itself; an OSS backend hands out OSS' own presigned download URLs instead. Upload
 * URLs are always file-service's own, bound to their size, digest and upload id.
 */
public interface Presigner {

    /** A download URL ({@code GET}). */
    URI presign(ObjectKey key, AccessMethod method, Instant expiresAt);

    /**
     * A download URL whose answer is saved as {@code fileName} ({@code Content-Disposition}); the
     * name is inside the signature, so it cannot be changed. {@code fileName} was checked by
     * {@link DownloadName#requested}.
     */
    URI presignDownload(ObjectKey key, String fileName, Instant expiresAt);

    /** A single-use upload URL ({@code PUT}) for exactly the content {@code terms} describe. */
    URI presignUpload(ObjectKey key, UploadTerms terms, Instant expiresAt);
}
