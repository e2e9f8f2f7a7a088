package cloud.yuntu.file.upload.resumable;

import static cloud.yuntu.file.upload.resumable.BlockingDb.inTransaction;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.asset.AssetIngest;
import cloud.yuntu.file.asset.AssetKeys;
import cloud.yuntu.file.storage.KeyLayout;
import cloud.yuntu.file.storage.MultipartStore;
import cloud.yuntu.file.storage.MultipartStore.StoredPart;
import cloud.yuntu.file.storage.ObjectIngest;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.StagedObject;
import cloud.yuntu.file.upload.SceneFileName;
import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Completes a resumable upload: every part must be held; the store joins them while hashing the
 * whole content; a declared SHA-256 that does not match aborts the upload with nothing published;
 * otherwise the joined bytes are published exactly as a direct upload of that kind would publish
 * them (a scene through {@link ObjectIngest}, an asset through {@link AssetIngest}). A completion
 * that fails before the end leaves the upload as it was (its parts kept), to be completed again.
 * Completing a completed upload answers the same object. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class UploadCompletion {

    private static final Logger LOG = Logger.getLogger(UploadCompletion.class);
    /** Most missing part numbers named in one answer; a client lists the upload for all of them. */
    private static final int MISSING_NAMED = 100;

    private final MultipartStore store;
    private final ResumableUploads uploads;
    private final ReceivedParts parts;
    private final UploadSweeper sweeper;
    private final ObjectIngest objects;
    private final AssetIngest assets;
    private final Clock clock;
    private final long maxObjectSize;

    UploadCompletion(MultipartStore store, ResumableUploads uploads, ReceivedParts parts, UploadSweeper sweeper,
            ObjectIngest objects, AssetIngest assets, Clock clock, FileConfig config) {
        this.store = store;
        this.uploads = uploads;
        this.parts = parts;
        this.sweeper = sweeper;
        this.objects = objects;
        this.assets = assets;
        this.clock = clock;
        this.maxObjectSize = config.maxObjectSize().asLongValue();
    }

    /** What a completion answers: the object, and whether this call published it (false: completed before). */
    public record Completion(StoredObject object, boolean published) {
    }

    public Completion complete(String owner, String uploadId) throws IOException {
        UUID id = UploadSessions.parseId(uploadId);
        ResumableUpload upload = inTransaction(() -> uploads.findById(id));
        if (upload != null && upload.owner.equals(owner) && upload.status == UploadStatus.COMPLETED) {
            return new Completion(upload.published(), false);
        }
        if (upload == null || !upload.openFor(owner, clock.instant())) {
            throw UploadSessions.noSuchUpload(uploadId);
        }
        PartLayout layout = upload.layout();
        List<StoredPart> held = inTransaction(() -> uploads.beginCompletion(id, owner, clock.instant())
                .chain(begun -> !begun ? Uni.createFrom().<List<StoredPart>>nullItem() : parts.of(id).invoke(list -> {
                    List<Integer> missing = layout.missing(list.stream().map(StoredPart::partNumber).toList());
                    if (!missing.isEmpty()) {
                        // Thrown inside the transaction: the upload stays ACTIVE.
                        throw missingParts(missing);
                    }
                })));
        if (held == null) {
            return lostTheRace(owner, uploadId, id);
        }
        ObjectKey key = upload.kind == UploadKind.SCENE
                ? KeyLayout.scene(LocalDate.now(clock), UUID.randomUUID(), SceneFileName.sanitize(upload.fileName))
                : AssetKeys.of(upload.declaredSha256);
        StoredObject published;
        String computedSha256;
        try (StagedObject staged = store.complete(upload.storeUpload, key, held, maxObjectSize)) {
            computedSha256 = staged.digests().sha256();
            published = upload.declaredSha256 == null || upload.declaredSha256.equals(computedSha256)
                    ? publish(upload, staged) : null;
        } catch (IOException | RuntimeException e) {
            reopen(id);
            throw e;
        }
        if (published == null) {
            inTransaction(() -> uploads.abortCompletion(id));
            sweeper.dispose(upload);
            throw ProblemException.invalidField("sha256", "does not match the uploaded content, whose SHA-256 is "
                    + computedSha256 + "; nothing was published and the upload is aborted");
        }
        try {
            inTransaction(() -> uploads.completed(id, published).call(() -> parts.removeAll(List.of(id))));
        } catch (RuntimeException e) {
            reopen(id);
            throw e;
        }
        try {
            // The parts (on OSS the joined staging object) are not needed any more; the sweep retries if this fails.
            store.abort(upload.storeUpload);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Cannot remove the parts of completed upload %s yet", id);
        }
        return new Completion(published, true);
    }

    private StoredObject publish(ResumableUpload upload, StagedObject staged) throws IOException {
        if (upload.kind == UploadKind.SCENE) {
            return objects.publish(staged, upload.owner).object();
        }
        return assets.record(upload.owner, staged).digests().as(staged.key().value());
    }

    /** Another request moved the upload between our read and our update. */
    private Completion lostTheRace(String owner, String uploadId, UUID id) {
        ResumableUpload now = inTransaction(() -> uploads.findById(id));
        if (now != null && now.owner.equals(owner)) {
            if (now.status == UploadStatus.COMPLETED) {
                return new Completion(now.published(), false);
            }
            if (now.status == UploadStatus.COMPLETING) {
                throw ProblemException.conflict("upload-completing", "Upload being completed",
                        "upload " + id + " is being completed by another request; ask again to get its object");
            }
        }
        throw UploadSessions.noSuchUpload(uploadId);
    }

    private void reopen(UUID id) {
        try {
            inTransaction(() -> uploads.reopen(id));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot reopen upload %s after its completion failed; it expires unfinished", id);
        }
    }

    static ProblemException missingParts(List<Integer> missing) {
        String named = missing.stream().limit(MISSING_NAMED).map(String::valueOf).collect(Collectors.joining(", "));
        String more = missing.size() > MISSING_NAMED ? " and " + (missing.size() - MISSING_NAMED) + " more" : "";
        return ProblemException.invalidField("parts", "missing part" + (missing.size() == 1 ? " " : "s ") + named + more
                + "; send them, then complete again");
    }
}
