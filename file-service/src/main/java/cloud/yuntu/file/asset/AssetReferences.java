package cloud.yuntu.file.asset;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The owner reference table, its one writer (Hibernate Reactive Panache; callers open the session or transaction). */
@ApplicationScoped
public class AssetReferences implements PanacheRepositoryBase<AssetReference, AssetReference.Key> {

    /**
     * Gives the uploader their reference to a content they just uploaded (the blob's row exists).
     *
     * @return true when the owner had no reference to it before
     */
    Uni<Boolean> recordUpload(String owner, String sha256, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO file.asset_reference (owner, sha256, first_uploaded_at, last_uploaded_at)
                        VALUES (:owner, :sha256, :now, :now)
                        ON CONFLICT (owner, sha256) DO UPDATE SET last_uploaded_at = EXCLUDED.last_uploaded_at
                        RETURNING (xmax = 0) AS inserted""", Boolean.class)
                .setParameter("owner", owner)
                .setParameter("sha256", sha256)
                .setParameter("now", now)
                .getSingleResult());
    }

    /** Whether the owner holds a reference to the content, i.e. uploaded it. */
    Uni<Boolean> holds(String owner, String sha256) {
        return count("owner = ?1 and sha256 = ?2", owner, sha256).map(n -> n > 0);
    }

    /**
     * Size of each of these contents the owner holds a reference to, by SHA-256: one statement (the
     * contents as one array), so a check or retain of 20,000 files is one round trip.
     */
    Uni<Map<String, Long>> sizesHeldBy(String owner, Collection<String> sha256s) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT r.sha256, b.size FROM unnest(cast(:sha256s AS text[])) AS w(sha256)
                        JOIN file.asset_reference r ON r.owner = :owner AND r.sha256 = w.sha256
                        JOIN file.asset_blob b ON b.sha256 = r.sha256""", Object[].class)
                .setParameter("owner", owner)
                .setParameter("sha256s", sha256s.toArray(String[]::new))
                .getResultList())
                .map(rows -> {
                    Map<String, Long> sizes = new HashMap<>();
                    rows.forEach(row -> sizes.put((String) row[0], ((Number) row[1]).longValue()));
                    return sizes;
                });
    }

    /** Every owner's reference to these contents (their blobs are about to go). */
    Uni<Long> removeAllOf(Collection<String> sha256s) {
        return delete("sha256 in ?1", sha256s);
    }
}
