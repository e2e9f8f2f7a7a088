package cloud.yuntu.file.asset;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The manifest table and the task ends ({@code file.task_end}), their one writer (Hibernate
 * Reactive Panache; callers open the transaction). Every change of one task's manifest or end first
 * takes that task's lock ({@link #lockTask}), so two copies of one request, or a retain racing a
 * release, happen one after the other.
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

    /**
     * The task's manifest summarised in one row ({@link ManifestRule.Held}), with how many of its
     * contents are among {@code wanted}: the database compares, so a manifest of 20,000 files is
     * not read to find it unchanged.
     */
    Uni<ManifestRule.Held> held(UUID taskId, Collection<String> wanted) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT count(*) AS entries, count(w.sha256) AS of_wanted,
                               min(m.owner) AS first_owner, max(m.owner) AS last_owner,
                               cast(extract(epoch FROM max(m.held_from)) * 1000000 AS bigint) AS latest_micros
                        FROM file.asset_manifest m
                        LEFT JOIN (SELECT DISTINCT unnest(cast(:wanted AS text[])) AS sha256) AS w ON w.sha256 = m.sha256
                        WHERE m.task_id = :task""", Object[].class)
                .setParameter("task", taskId)
                .setParameter("wanted", wanted.toArray(String[]::new))
                .getSingleResult())
                .map(row -> {
                    long entries = ((Number) row[0]).longValue();
                    if (entries == 0) {
                        return ManifestRule.Held.NONE;
                    }
                    Instant latest = row[4] == null ? null : Instant.EPOCH.plus(((Number) row[4]).longValue(), ChronoUnit.MICROS);
                    return new ManifestRule.Held(entries, ((Number) row[1]).longValue(),
                            Set.copyOf(List.of((String) row[2], (String) row[3])), latest);
                });
    }

    /**
     * One statement for the whole manifest (the contents as one array, {@code unnest}): a project of
     * 20,000 files is one round trip, not one insert per row.
     */
    Uni<Void> record(UUID taskId, String owner, Collection<String> sha256s, Instant retainedAt, Instant heldFrom) {
        // A null bound without a type leaves PostgreSQL guessing; an absent heldFrom is a literal NULL.
        String held = heldFrom == null ? "NULL" : ":held";
        return Panache.getSession().chain(session -> {
            var insert = session.createNativeQuery("""
                            INSERT INTO file.asset_manifest (task_id, sha256, owner, retained_at, held_from)
                            SELECT :task, s, :owner, :retained, %s FROM unnest(cast(:sha256s AS text[])) AS s"""
                            .formatted(held))
                    .setParameter("task", taskId)
                    .setParameter("owner", owner)
                    .setParameter("retained", retainedAt)
                    .setParameter("sha256s", sha256s.toArray(String[]::new));
            if (heldFrom != null) {
                insert.setParameter("held", heldFrom);
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    /** The task's hold counts from {@code heldFrom} now (see {@link ManifestRule.Renew}). */
    Uni<Void> renew(UUID taskId, Instant heldFrom) {
        return update("heldFrom = ?1 where taskId = ?2", heldFrom, taskId).replaceWithVoid();
    }

    /** Lets go of the task's whole manifest (one statement). */
    Uni<Long> remove(UUID taskId) {
        return delete("taskId", taskId);
    }

    /** Those of these contents some task's manifest holds. */
    Uni<Set<String>> inUse(Collection<String> sha256s) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        """
                        SELECT DISTINCT m.sha256 FROM file.asset_manifest m
                        JOIN unnest(cast(:sha256s AS text[])) AS w(sha256) ON w.sha256 = m.sha256""", String.class)
                .setParameter("sha256s", sha256s.toArray(String[]::new))
                .getResultList())
                .map(Set::copyOf);
    }

    /** The latest end of the task seen on the task events. */
    Uni<Optional<Instant>> endOf(UUID taskId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT ended_at FROM file.task_end WHERE task_id = :task", Instant.class)
                .setParameter("task", taskId)
                .getResultList())
                .map(found -> found.stream().findFirst());
    }

    /** Remembers an end of the task; an earlier one (redelivered, or out of order) does not move it back. */
    Uni<Void> recordEnd(UUID taskId, Instant endedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO file.task_end (task_id, ended_at) VALUES (:task, :ended)
                        ON CONFLICT (task_id) DO UPDATE SET ended_at = greatest(file.task_end.ended_at, excluded.ended_at)""")
                .setParameter("task", taskId)
                .setParameter("ended", endedAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The task runs again after its last end (a retry), as of {@code at}; nothing when it never ended. */
    Uni<Void> recordReopened(UUID taskId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE file.task_end SET reopened_at = greatest(reopened_at, :at)
                        WHERE task_id = :task AND ended_at < :at""")
                .setParameter("task", taskId)
                .setParameter("at", at)
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Tasks whose manifest was retained at or before {@code cutoff} and which nothing will release:
     * either file-service has still not seen the task on {@code farm.task-events}
     * ({@code file.task_owner}: the submission that retained it never committed its task), or the
     * hold was decided after the task's last end and the task was not seen running again since (the
     * retry that retained it never committed).
     */
    Uni<List<UUID>> neverAnnouncedSince(Instant cutoff, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT DISTINCT m.task_id FROM file.asset_manifest m
                        WHERE m.retained_at <= :cutoff
                          AND (NOT EXISTS (SELECT 1 FROM file.task_owner o WHERE o.task_id = m.task_id)
                               OR EXISTS (SELECT 1 FROM file.task_end e WHERE e.task_id = m.task_id
                                          AND m.held_from > e.ended_at
                                          AND (e.reopened_at IS NULL OR e.reopened_at < m.held_from)))
                        LIMIT :limit""", UUID.class)
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .getResultList());
    }
}
