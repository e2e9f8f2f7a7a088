package cloud.yuntu.file.upload.resumable;

import cloud.yuntu.contracts.frame.StoredObject;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The resumable-upload table, its one writer (callers open the session or transaction). Every
 * change of status is a conditional update from the status it leaves, so two requests racing on one
 * upload cannot both move it: the loser sees nothing changed.
 */
@ApplicationScoped
public class ResumableUploads implements PanacheRepositoryBase<ResumableUpload, UUID> {

    Uni<Void> start(ResumableUpload upload) {
        return persist(upload).replaceWithVoid();
    }

    /**
     * The upload, its row share-locked until the transaction ends: a part is recorded only while the
     * upload takes parts, and a completion (which updates the row) waits for the parts being recorded.
     */
    Uni<ResumableUpload> lockForPart(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_READ);
    }

    /**
     * ACTIVE to COMPLETING, for its owner and before its expiry; or a completion taken over from a
     * holder whose lease lapsed at {@code now} (its process died: it stopped renewing). The upload
     * records the new holder, its start and lease, and keeps the key chosen by an earlier completion
     * ({@code candidateKey} only when none was chosen yet). A row COMPLETING without a lease was left
     * by a version that had none: taken over too.
     *
     * @return whether this call moved it
     */
    Uni<Boolean> beginCompletion(UUID id, String owner, Instant now, String holder, Instant leaseUntil,
            String candidateKey) {
        return update("status = ?1, completionHolder = ?2, completingSince = ?3, completionLeaseUntil = ?4,"
                        + " objectKey = coalesce(objectKey, ?5) where id = ?6 and owner = ?7 and expiresAt > ?3"
                        + " and (status = ?8 or (status = ?1 and (completionLeaseUntil is null or completionLeaseUntil <= ?3)))",
                UploadStatus.COMPLETING, holder, now, leaseUntil, candidateKey, id, owner, UploadStatus.ACTIVE)
                .map(n -> n > 0);
    }

    /** Pushes the lease of {@code holder}'s completion forward. @return false once it does not hold it any more */
    Uni<Boolean> renewCompletion(UUID id, String holder, Instant leaseUntil) {
        return update("completionLeaseUntil = ?1 where id = ?2 and status = ?3 and completionHolder = ?4",
                leaseUntil, id, UploadStatus.COMPLETING, holder).map(n -> n > 0);
    }

    /** {@code holder}'s COMPLETING back to ACTIVE: the completion failed before publishing, the upload may be completed again. */
    Uni<Boolean> reopen(UUID id, String holder) {
        return update("status = ?1, completionHolder = null, completingSince = null, completionLeaseUntil = null"
                        + " where id = ?2 and status = ?3 and completionHolder = ?4",
                UploadStatus.ACTIVE, id, UploadStatus.COMPLETING, holder).map(n -> n > 0);
    }

    /** {@code holder}'s COMPLETING to COMPLETED, remembering what was published for a repeated completion. */
    Uni<Boolean> completed(UUID id, String holder, StoredObject object) {
        return update("status = ?1, objectKey = ?2, objectSha256 = ?3, objectXxh64 = ?4, objectMd5 = ?5,"
                        + " completionLeaseUntil = null where id = ?6 and status = ?7 and completionHolder = ?8",
                UploadStatus.COMPLETED, object.key(), object.sha256(), object.xxh64(), object.md5(), id,
                UploadStatus.COMPLETING, holder).map(n -> n > 0);
    }

    /** ACTIVE to ABORTED by its owner before its expiry. @return whether this call aborted it */
    Uni<Boolean> abort(UUID id, String owner, Instant now) {
        return update("status = ?1 where id = ?2 and owner = ?3 and status = ?4 and expiresAt > ?5",
                UploadStatus.ABORTED, id, owner, UploadStatus.ACTIVE, now).map(n -> n > 0);
    }

    /** {@code holder}'s COMPLETING to ABORTED: the content is not what was declared. */
    Uni<Boolean> abortCompletion(UUID id, String holder) {
        return update("status = ?1 where id = ?2 and status = ?3 and completionHolder = ?4", UploadStatus.ABORTED, id,
                UploadStatus.COMPLETING, holder).map(n -> n > 0);
    }

    /**
     * Aborts at most {@code limit} uploads past their expiry at {@code now} that were not completed;
     * rows another transaction holds are left for the next round.
     *
     * @return the ids aborted
     */
    Uni<List<UUID>> expire(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE file.resumable_upload SET status = :aborted WHERE id IN (
                            SELECT id FROM file.resumable_upload
                            WHERE status IN (:active, :completing) AND expires_at <= :now
                            ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id""", UUID.class)
                .setParameter("aborted", UploadStatus.ABORTED.name())
                .setParameter("active", UploadStatus.ACTIVE.name())
                .setParameter("completing", UploadStatus.COMPLETING.name())
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Uploads whose stored parts are to be removed and rows dropped: aborted ones, and completed ones past their expiry. */
    Uni<List<ResumableUpload>> finished(Instant now, int limit) {
        return find("status = ?1 or (status = ?2 and expiresAt <= ?3) order by expiresAt", UploadStatus.ABORTED,
                UploadStatus.COMPLETED, now).page(0, limit).list();
    }

    /** Drops aborted or completed rows (never one taking parts or being completed). */
    Uni<Long> remove(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(0L)
                : delete("id in ?1 and status in ?2", ids, List.of(UploadStatus.ABORTED, UploadStatus.COMPLETED));
    }
}
