package cloud.yuntu.file.upload.resumable;

import static cloud.yuntu.file.upload.resumable.BlockingDb.inTransaction;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.asset.AssetIngest;
import cloud.yuntu.file.asset.AssetKeys;
import cloud.yuntu.file.lease.Leases;
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
import java.time.Duration;
import java.time.Instant;
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
 * Completing a completed upload answers the same object. A completion holds the upload by a lease
 * it renews while it works ({@link Leases}); one whose process died is taken over by the next
 * completion once its lease lapsed. The key is chosen at the first completion and kept, so a
 * completion run again never publishes a second copy. Blocking: call from a worker thread.
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
    private final Leases leases;
    private final long maxObjectSize;
    private final Duration lease;

    UploadCompletion(MultipartStore store, ResumableUploads uploads, ReceivedParts parts, UploadSweeper sweeper,
            ObjectIngest objects, AssetIngest assets, Clock clock, Leases leases, FileConfig config) {
        this.store = store;
        this.uploads = uploads;
        this.parts = parts;
        this.sweeper = sweeper;
        this.objects = objects;
        this.assets = assets;
        this.clock = clock;
        this.leases = leases;
        this.maxObjectSize = config.maxObjectSize().asLongValue();
        this.lease = config.uploads().completionLease();
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
        String holder = Leases.newHolder();
        Instant now = clock.instant();
        // The key is chosen once per upload and kept: a completion run again publishes or finds the same object.
        String candidateKey = upload.kind == UploadKind.SCENE
                ? KeyLayout.scene(LocalDate.now(clock), UUID.randomUUID(), SceneFileName.sanitize(upload.fileName)).value()
                : AssetKeys.of(upload.declaredSha256).value();
        Begun begun = inTransaction(() -> uploads.beginCompletion(id, owner, now, holder, now.plus(lease), candidateKey)
                .chain(moved -> !moved ? Uni.createFrom().<Begun>nullItem() : parts.of(id).invoke(list -> {
                    List<Integer> missing = layout.missing(list.stream().map(StoredPart::partNumber).toList());
                    if (!missing.isEmpty()) {
                        // Thrown inside the transaction: the upload stays as it was.
                        throw missingParts(missing);
                    }
                }).chain(list -> uploads.findById(id).map(row -> new Begun(list, ObjectKey.of(row.objectKey))))));
        if (begun == null) {
            return lostTheRace(owner, uploadId, id);
        }
        try (Leases.Renewal renewal = leases.keepRenewed("the completion of upload " + id, lease,
                () -> inTransaction(() -> uploads.renewCompletion(id, holder, clock.instant().plus(lease))))) {
            return completeHolding(upload, holder, begun);
        }
    }

    /** The rest of a completion, while {@code holder} holds the upload's lease. */
    private Completion completeHolding(ResumableUpload upload, String holder, Begun begun) throws IOException {
        UUID id = upload.id;
        StoredObject published;
        String computedSha256;
        try (StagedObject staged = store.complete(upload.storeUpload, begun.key(), begun.parts(), maxObjectSize)) {
            computedSha256 = staged.digests().sha256();
            published = upload.declaredSha256 == null || upload.declaredSha256.equals(computedSha256)
                    ? publish(upload, staged) : null;
        } catch (IOException | RuntimeException e) {
            reopen(id, holder);
            throw e;
        }
        if (published == null) {
            if (!inTransaction(() -> uploads.abortCompletion(id, holder))) {
                return lostTheRace(upload.owner, id.toString(), id);
            }
            sweeper.dispose(upload);
            throw ProblemException.invalidField("sha256", "does not match the uploaded content, whose SHA-256 is "
                    + computedSha256 + "; nothing was published and the upload is aborted");
        }
        boolean recorded;
        try {
            recorded = inTransaction(() -> uploads.completed(id, holder, published)
                    .call(done -> done ? parts.removeAll(List.of(id)) : Uni.createFrom().voidItem()));
        } catch (RuntimeException e) {
            reopen(id, holder);
            throw e;
        }
        if (!recorded) {
            // Our lease lapsed and another completion took over: it publishes (or found) the same key.
            return lostTheRace(upload.owner, id.toString(), id);
        }
        try {
            // The parts (on OSS the joined staging object) are not needed any more; the sweep retries if this fails.
            store.abort(upload.storeUpload);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Cannot remove the parts of completed upload %s yet", id);
        }
        return new Completion(published, true);
    }

    /** What a completion holds once it began: the parts to join and the upload's key. */
    private record Begun(List<StoredPart> parts, ObjectKey key) {
    }

    private StoredObject publish(ResumableUpload upload, StagedObject staged) throws IOException {
        if (upload.kind == UploadKind.SCENE) {
            // An earlier completion may have published these very bytes before its record failed: found, not copied.
            return objects.publishOrFind(staged, upload.owner).object();
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

    private void reopen(UUID id, String holder) {
        try {
            inTransaction(() -> uploads.reopen(id, holder));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot reopen upload %s after its completion failed; another completion takes it over"
                    + " once its lease lapsed", id);
        }
    }

    static ProblemException missingParts(List<Integer> missing) {
        String named = missing.stream().limit(MISSING_NAMED).map(String::valueOf).collect(Collectors.joining(", "));
        String more = missing.size() > MISSING_NAMED ? " and " + (missing.size() - MISSING_NAMED) + " more" : "";
        return ProblemException.invalidField("parts", "missing part" + (missing.size() == 1 ? " " : "s ") + named + more
                + "; send them, then complete again");
    }
}
