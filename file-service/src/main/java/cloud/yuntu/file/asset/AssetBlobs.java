package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The asset blob table, its one writer (Hibernate Reactive Panache; callers open the session or
 * transaction). Every write that decides whether bytes exist locks the blob's row, so an upload and
 * the sweep of one content happen one after the other.
 */
@ApplicationScoped
public class AssetBlobs implements PanacheRepositoryBase<AssetBlob, String> {

    /**
     * Records a verified upload and locks its row until the transaction ends. Content uploaded
     * again while no manifest uses it starts its retention afresh: its uploader is about to use it.
     *
     * @return true when the content was not stored before
     */
    Uni<Boolean> recordUpload(Digests digests, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO file.asset_blob (sha256, size, xxh64, md5, created_at, unreferenced_since)
                        VALUES (:sha256, :size, :xxh64, :md5, :now, :now)
                        ON CONFLICT (sha256) DO UPDATE SET unreferenced_since = CASE
                            WHEN asset_blob.unreferenced_since IS NULL THEN NULL ELSE EXCLUDED.unreferenced_since END
                        RETURNING (xmax = 0) AS inserted""", Boolean.class)
                .setParameter("sha256", digests.sha256())
                .setParameter("size", digests.size())
                .setParameter("xxh64", digests.xxh64())
                .setParameter("md5", digests.md5())
                .setParameter("now", now)
                .getSingleResult());
    }

    /** Size of each of these contents that is stored, by SHA-256. */
    Uni<Map<String, Long>> sizesOf(Collection<String> sha256s) {
        return list("sha256 in ?1", sha256s)
                .map(blobs -> blobs.stream().collect(Collectors.toMap(b -> b.sha256, b -> b.size)));
    }

    /**
     * Locks the stored ones of these contents until the transaction ends, in a fixed order so that
     * concurrent callers cannot deadlock, without loading them: one statement however many there are.
     *
     * @return the SHA-256 of each stored one
     */
    Uni<Set<String>> lockStored(Collection<String> sha256s) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT b.sha256 FROM file.asset_blob b JOIN unnest(cast(:sha256s AS text[])) AS w(sha256)
                        ON w.sha256 = b.sha256 ORDER BY b.sha256 FOR UPDATE OF b""", String.class)
                .setParameter("sha256s", sha256s.toArray(String[]::new))
                .getResultList())
                .map(Set::copyOf);
    }

    /**
     * Locks the contents the task's manifest holds, like {@link #lockStored}, before that manifest
     * lets go of them.
     *
     * @return the SHA-256 of each
     */
    Uni<List<String>> lockHeldBy(UUID taskId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT b.sha256 FROM file.asset_blob b
                        WHERE b.sha256 IN (SELECT m.sha256 FROM file.asset_manifest m WHERE m.task_id = :task)
                        ORDER BY b.sha256 FOR UPDATE OF b""", String.class)
                .setParameter("task", taskId)
                .getResultList());
    }

    /** These contents are held by a manifest: their retention stops (one statement). */
    Uni<Void> markReferenced(Collection<String> sha256s) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE file.asset_blob b SET unreferenced_since = NULL FROM unnest(cast(:sha256s AS text[])) AS w(sha256)
                        WHERE b.sha256 = w.sha256 AND b.unreferenced_since IS NOT NULL""")
                .setParameter("sha256s", sha256s.toArray(String[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Those of these contents that no manifest holds any more start their retention at {@code now}
     * (one statement); one already in retention keeps its earlier start.
     */
    Uni<Void> markUnreferencedUnlessHeld(Collection<String> sha256s, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE file.asset_blob b SET unreferenced_since = :now FROM unnest(cast(:sha256s AS text[])) AS w(sha256)
                        WHERE b.sha256 = w.sha256 AND b.unreferenced_since IS NULL
                          AND NOT EXISTS (SELECT 1 FROM file.asset_manifest m WHERE m.sha256 = b.sha256)""")
                .setParameter("sha256s", sha256s.toArray(String[]::new))
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Blobs unreferenced since {@code cutoff} or earlier, oldest first, locked; rows another
     * transaction holds (an upload of that content right now) are skipped for this round.
     */
    Uni<List<AssetBlob>> lockUnreferencedSince(Instant cutoff, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT * FROM file.asset_blob WHERE unreferenced_since <= :cutoff
                        ORDER BY unreferenced_since LIMIT :limit FOR UPDATE SKIP LOCKED""", AssetBlob.class)
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .getResultList());
    }

    Uni<Long> remove(Collection<String> sha256s) {
        return delete("sha256 in ?1", sha256s);
    }
}
