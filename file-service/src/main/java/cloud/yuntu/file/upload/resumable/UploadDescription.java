package cloud.yuntu.file.upload.resumable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/files/uploads/{uploadId}}: the upload and the parts the server holds, so a client sends only the others. */
public record UploadDescription(UUID uploadId, String kind, long size, long partSize, int partCount,
        List<PartReceived> parts, Instant expiresAt) {
}
