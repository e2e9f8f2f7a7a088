package cloud.yuntu.file.upload.resumable;

import static cloud.yuntu.file.upload.resumable.BlockingDb.inTransaction;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.MultipartStore;
import cloud.yuntu.file.storage.MultipartStore.StoredPart;
import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starting resumable uploads, receiving their parts, describing and aborting them (completion is
 * {@link UploadCompletion}). The store holds the parts' bytes; a part is recorded once the store
 * holds it whole, so what is listed is always there. Blocking: call from worker threads.
 */
@ApplicationScoped
public class UploadSessions {

    private static final Logger LOG = Logger.getLogger(UploadSessions.class);

    private final MultipartStore store;
    private final ResumableUploads uploads;
    private final ReceivedParts parts;
    private final UploadSweeper sweeper;
    private final Clock clock;
    private final long maxObjectSize;
    private final long defaultPartSize;
    private final long maxPartSize;
    private final Duration expireAfter;

    UploadSessions(MultipartStore store, ResumableUploads uploads, ReceivedParts parts, UploadSweeper sweeper,
            Clock clock, FileConfig config) {
        this.store = store;
        this.uploads = uploads;
        this.parts = parts;
        this.sweeper = sweeper;
        this.clock = clock;
        this.maxObjectSize = config.maxObjectSize().asLongValue();
        this.defaultPartSize = config.uploads().partSize().asLongValue();
        this.maxPartSize = config.uploads().maxPartSize().asLongValue();
        this.expireAfter = config.uploads().expireAfter();
    }

    public UploadStarted initiate(String owner, InitiateRequest request) throws IOException {
        if (request == null) {
            throw ProblemException.invalid(List.of(new FieldError("kind", "is required"),
                    new FieldError("size", "is required")));
        }
        InitiateRequest.Plan plan = request.validate(maxObjectSize, defaultPartSize, maxPartSize);
        String storeUpload = store.initiate();
        Instant now = clock.instant();
        ResumableUpload upload = ResumableUpload.start(UUID.randomUUID(), owner, plan, storeUpload, now, now.plus(expireAfter));
        try {
            inTransaction(() -> uploads.start(upload));
        } catch (RuntimeException e) {
            abortQuietly(storeUpload);
            throw e;
        }
        return new UploadStarted(upload.id, upload.partSize, upload.partCount, upload.expiresAt);
    }

    /**
     * Stores one part after checking its number and declared length against the upload's layout.
     *
     * @param contentLength the request's Content-Length header, null when the body is chunked
     * @param contentMd5 the request's Content-MD5 header (base64 of the MD5), null when none
     */
    public PartReceived receivePart(String owner, String uploadId, String partNumberText, String contentLength,
            String contentMd5, InputStream body) throws IOException {
        ResumableUpload upload = open(owner, uploadId);
        PartLayout layout = upload.layout();
        int partNumber = partNumber(partNumberText, layout);
        long expected = layout.sizeOf(partNumber);
        if (contentLength == null || contentLength.isBlank()) {
            throw new ProblemException(411, "length-required", "Length required",
                    "Content-Length: a part declares its length (no chunked bodies)",
                    List.of(new FieldError("Content-Length", "is required")));
        }
        if (!String.valueOf(expected).equals(contentLength.strip())) {
            throw ProblemException.invalidField("Content-Length", "must be " + expected + " for part " + partNumber
                    + " of " + layout.partCount() + " (every part " + layout.partSize() + " bytes, the last one the rest)");
        }
        if (upload.status == UploadStatus.COMPLETING) {
            throw beingCompleted(upload.id);
        }
        StoredPart stored = store.putPart(upload.storeUpload, partNumber, new ClientBody(body), expected, md5(contentMd5));
        inTransaction(() -> uploads.lockForPart(upload.id).chain(locked -> {
            if (locked == null || locked.status == UploadStatus.COMPLETED || locked.status == UploadStatus.ABORTED) {
                return Uni.createFrom().failure(noSuchUpload(uploadId));
            }
            if (locked.status == UploadStatus.COMPLETING) {
                return Uni.createFrom().failure(beingCompleted(upload.id));
            }
            return parts.record(upload.id, stored, clock.instant());
        }));
        return new PartReceived(stored.partNumber(), stored.size(), stored.md5());
    }

    public UploadDescription describe(String owner, String uploadId) {
        ResumableUpload upload = open(owner, uploadId);
        List<PartReceived> held = inTransaction(() -> parts.of(upload.id)).stream()
                .map(p -> new PartReceived(p.partNumber(), p.size(), p.md5())).toList();
        return new UploadDescription(upload.id, upload.kind.wireName(), upload.size, upload.partSize, upload.partCount,
                held, upload.expiresAt);
    }

    /** Aborts the caller's upload and removes its parts; an upload being completed cannot be aborted (409). */
    public void abort(String owner, String uploadId) {
        ResumableUpload upload = open(owner, uploadId);
        boolean aborted = inTransaction(() -> uploads.abort(upload.id, owner, clock.instant())
                .call(done -> done ? parts.removeAll(List.of(upload.id)) : Uni.createFrom().voidItem()));
        if (!aborted) {
            ResumableUpload now = inTransaction(() -> uploads.findById(upload.id));
            throw now != null && now.status == UploadStatus.COMPLETING ? beingCompleted(upload.id) : noSuchUpload(uploadId);
        }
        sweeper.dispose(upload);
    }

    /** The caller's upload, taking parts or being completed and not expired; else 404 as if it never existed. */
    ResumableUpload open(String owner, String uploadId) {
        UUID id = parseId(uploadId);
        ResumableUpload upload = inTransaction(() -> uploads.findById(id));
        if (upload == null || !upload.openFor(owner, clock.instant())) {
            throw noSuchUpload(uploadId);
        }
        return upload;
    }

    static UUID parseId(String uploadId) {
        try {
            UUID id = UUID.fromString(uploadId);
            if (id.toString().equals(uploadId)) {
                return id;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // Answered like any other unknown id.
        }
        throw noSuchUpload(uploadId);
    }

    static ProblemException noSuchUpload(String uploadId) {
        return ProblemException.notFound("no upload " + uploadId);
    }

    static ProblemException beingCompleted(UUID id) {
        return ProblemException.conflict("upload-completing", "Upload being completed",
                "upload " + id + " is being completed; it takes no parts and cannot be aborted now");
    }

    private static int partNumber(String text, PartLayout layout) {
        try {
            int number = Integer.parseInt(text);
            if (layout.contains(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Same answer as a number out of range.
        }
        throw ProblemException.invalidField("partNumber", "must be a whole number from 1 to " + layout.partCount());
    }

    private static byte[] md5(String contentMd5) {
        if (contentMd5 == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(contentMd5.strip());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // Same answer as a digest of the wrong length.
        }
        throw ProblemException.invalidField("Content-MD5", "must be the base64 of the part's 16-byte MD5");
    }

    /**
     * The request body, telling a broken connection (an answer nobody reads, but a clear one in the
     * log) from failures of the store, which stay errors.
     */
    private static final class ClientBody extends FilterInputStream {

        ClientBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw cutOff(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw cutOff(e);
            }
        }

        private static ProblemException cutOff(IOException e) {
            LOG.infof("A part upload was cut off: %s", e.getMessage());
            return ProblemException.invalidField("Content-Length",
                    "the body was cut off (" + e.getMessage() + "); nothing of this part was kept, send it again");
        }
    }

    private void abortQuietly(String storeUpload) {
        try {
            store.abort(storeUpload);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Cannot remove the stored parts of an upload that was never recorded (%s)", storeUpload);
        }
    }
}
