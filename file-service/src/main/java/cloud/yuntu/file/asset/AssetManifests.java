package cloud.yuntu.file.asset;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The manifest table, its one writer (Hibernate Reactive Panache; callers open the transaction).
 * Every change of one task's manifest first takes that task's lock ({@link #lockTask}), so two
 * copies of one request, or a retain racing a release, happen one after the other.
 */
@ApplicationScoped
public class AssetManifests implements PanacheRepositoryBase<ManifestEntry, ManifestEntry.Key> {

    /** Until the transaction ends: a transaction-scoped advisory lock on the task's id. */
    Uni<Void> lockTask(UUID taskId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('yuntu.file.manifest.' || :task))) AS locked",
                        Integer.class)
                .setParameter("task", taskId.toString())
                .getSingleResult())
                .replaceWithVoid();
    }

    /** The task's manifest, empty when it holds nothing. */
    Uni<List<ManifestEntry>> of(UUID taskId) {
        return list("taskId = ?1 order by sha256", taskId);
    }

    Uni<Void> record(Collection<ManifestEntry> entries) {
        return persist(entries.stream());
    }

    Uni<Long> remove(UUID taskId) {
        return delete("taskId", taskId);
    }

    /** Those of these contents some task's manifest holds. */
    Uni<Set<String>> inUse(Collection<String> sha256s) {
        return Panache.getSession().chain(session -> session.createQuery(
                        "select distinct m.sha256 from ManifestEntry m where m.sha256 in :sha256s", String.class)
                .setParameter("sha256s", sha256s)
                .getResultList())
                .map(Set::copyOf);
    }

    /**
     * Tasks whose manifest was retained at or before {@code cutoff} and which file-service has
     * still not seen on {@code farm.task-events} ({@code file.task_owner}): the submission that
     * retained it never committed its task.
     */
    Uni<List<UUID>> neverAnnouncedSince(Instant cutoff, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT DISTINCT m.task_id FROM file.asset_manifest m
                        WHERE m.retained_at <= :cutoff
                          AND NOT EXISTS (SELECT 1 FROM file.task_owner o WHERE o.task_id = m.task_id)
                        LIMIT :limit""", UUID.class)
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .getResultList());
    }
}
