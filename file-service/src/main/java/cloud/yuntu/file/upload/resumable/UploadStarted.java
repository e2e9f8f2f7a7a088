package cloud.yuntu.file.upload.resumable;

import java.time.Instant;
import java.util.UUID;

/** The answer to {@code POST /api/files/uploads}: how to cut the content, and until when the upload lasts. */
public record UploadStarted(UUID uploadId, long partSize, int partCount, Instant expiresAt) {
}
