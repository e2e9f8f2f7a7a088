package cloud.yuntu.file.audit;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.KeyLocks;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.file.storage.ObjectStore.ListedObject;
import cloud.yuntu.file.storage.ObjectStore.Page;
import cloud.yuntu.file.storage.ObjectStore.WorkEntry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Removes what the store holds and no table knows: bytes whose rows were deleted first while their own
 * deletion failed (a crash or an outage between the two in {@code ObjectDeletion}, the asset sweep), bytes
 * published by a write whose row never committed, and the staging files and upload folders of writes and
 * uploads that never finished. Every {@code yuntu.file.store-audit.interval} it pages through the store's
 * keys under each {@link AuditArea} and its working area, asks the tables about each page in one query,
 * and removes what is unknown and older than {@code yuntu.file.store-audit.grace} ({@link OrphanRule}).
 *
 * <p>An object is removed in a transaction holding its key's lock ({@link KeyLocks}) after asking the
 * tables again: every write publishes its bytes and records them under that lock, so bytes recorded after
 * the listing stay, and a write waiting for the lock publishes after the removal. One replica audits at a
 * time (a PostgreSQL advisory lock tried at the start; the others skip their turn). Blocking.
 */
@ApplicationScoped
public class StoreAudit {

    static final String JOB = "store-audit";

    private static final Logger LOG = Logger.getLogger(StoreAudit.class);

    /** Held for the whole pass; distinct from the other advisory locks of the shared database ({@code yuntf}, 1). */
    static final long LOCK = 0x7975_6e74_6601L;

    private final ObjectStore store;
    private final KnownContents known;
    private final AuditMeters meters;
    private final Pool pool;
    private final Clock clock;
    private final OrphanRule rule;
    private final int pageSize;

    StoreAudit(ObjectStore store, KnownContents known, AuditMeters meters, Pool pool, Clock clock, FileConfig config) {
        this.store = store;
        this.known = known;
        this.meters = meters;
        this.pool = pool;
        this.clock = clock;
        this.rule = new OrphanRule(config.storeAudit().grace());
        this.pageSize = config.storeAudit().page();
    }

    @Scheduled(identity = JOB, every = "${yuntu.file.store-audit.interval}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void auditOnSchedule() {
        try {
            audit(clock.instant()).ifPresentOrElse(
                    summary -> LOG.infof("Store audit: %s (grace %s)", summary, rule.grace()),
                    () -> LOG.debug("Store audit skipped: another replica is auditing"));
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "The store audit stopped; the next one starts over");
        }
    }

    /**
     * One pass at {@code now}: every area paged through to its end.
     *
     * @return what it found and removed; empty when another replica holds the audit's lock
     */
    public Optional<AuditSummary> audit(Instant now) throws IOException {
        SqlConnection turn = pool.getConnection().await().indefinitely();
        try {
            Transaction held = turn.begin().await().indefinitely();
            try {
                boolean mine = turn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS mine").execute(Tuple.of(LOCK))
                        .await().indefinitely().iterator().next().getBoolean("mine");
                if (!mine) {
                    return Optional.empty();
                }
                AuditSummary summary = new AuditSummary();
                for (AuditArea area : AuditArea.values()) {
                    if (area.prefix().isPresent()) {
                        auditObjects(area, area.prefix().get(), now, summary);
                    } else {
                        auditWork(area, now, summary);
                    }
                }
                return Optional.of(summary);
            } finally {
                // Nothing was written on this connection: ending its transaction releases the lock (and so
                // does closing the connection, should the rollback fail).
                try {
                    held.rollback().await().indefinitely();
                } catch (RuntimeException e) {
                    LOG.debugf(e, "Cannot end the store audit's turn; closing its connection ends it");
                }
            }
        } finally {
            turn.close().await().indefinitely();
        }
    }

    private void auditObjects(AuditArea area, String prefix, Instant now, AuditSummary summary) throws IOException {
        String cursor = null;
        do {
            Page<ListedObject> page = store.list(prefix, cursor, pageSize);
            List<String> keys = page.items().stream().map(object -> object.key().value()).toList();
            Set<String> recorded = known.keys(pool, keys).await().indefinitely();
            List<ListedObject> orphans = rule.orphans(page.items(), object -> object.key().value(),
                    ListedObject::lastModified, recorded, now);
            int removed = orphans.isEmpty() ? 0 : removeObjects(orphans);
            meters.found(area, orphans.size());
            meters.removed(area, removed);
            summary.add(area, page.items().size(), orphans.size(), removed);
            cursor = page.next().orElse(null);
        } while (cursor != null);
    }

    /**
     * Removes the orphans of one page under their keys' locks, unless a table names one by now.
     *
     * @return how many the store removed (one gone meanwhile, or that the store failed on, is not counted)
     */
    private int removeObjects(List<ListedObject> orphans) {
        List<String> keys = orphans.stream().map(object -> object.key().value()).toList();
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            Transaction transaction = connection.begin().await().indefinitely();
            try {
                KeyLocks.lock(connection, keys).await().indefinitely();
                Set<String> recordedNow = known.keys(connection, keys).await().indefinitely();
                int removed = 0;
                for (ListedObject orphan : orphans) {
                    if (recordedNow.contains(orphan.key().value())) {
                        LOG.debugf("%s was recorded while the audit looked; it stays", orphan.key());
                    } else if (deleteQuietly(orphan)) {
                        removed++;
                    }
                }
                transaction.commit().await().indefinitely();
                return removed;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(transaction, e);
                throw e;
            }
        } finally {
            connection.close().await().indefinitely();
        }
    }

    private boolean deleteQuietly(ListedObject orphan) {
        try {
            boolean removed = store.delete(orphan.key());
            if (removed) {
                LOG.infof("Removed the orphaned object %s (%d bytes, last modified %s)", orphan.key(), orphan.size(),
                        orphan.lastModified());
            }
            return removed;
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Cannot remove the orphaned object %s; the next audit tries again", orphan.key());
            return false;
        }
    }

    /**
     * Working entries belong to no key, so no lock is needed: a staging file is written and renamed (or
     * deleted) by its write within moments, and an upload's parts are recorded with it for as long as they
     * are needed; the grace period covers the moment before an upload's row commits.
     */
    private void auditWork(AuditArea area, Instant now, AuditSummary summary) throws IOException {
        String cursor = null;
        do {
            Page<WorkEntry> page = store.listWork(cursor, pageSize);
            Set<String> starts = page.items().stream().flatMap(entry -> entry.upload().stream())
                    .collect(Collectors.toSet());
            Set<String> held = known.uploads(pool, starts).await().indefinitely();
            Set<String> recorded = page.items().stream()
                    .filter(entry -> entry.upload().filter(held::contains).isPresent())
                    .map(WorkEntry::name)
                    .collect(Collectors.toSet());
            List<WorkEntry> orphans = rule.orphans(page.items(), WorkEntry::name, WorkEntry::lastModified, recorded, now);
            int removed = 0;
            for (WorkEntry orphan : orphans) {
                try {
                    store.removeWork(orphan);
                    removed++;
                    LOG.infof("Removed the orphaned working entry %s (last modified %s)", orphan.name(),
                            orphan.lastModified());
                } catch (IOException | RuntimeException e) {
                    LOG.warnf(e, "Cannot remove the orphaned working entry %s; the next audit tries again", orphan.name());
                }
            }
            meters.found(area, orphans.size());
            meters.removed(area, removed);
            summary.add(area, page.items().size(), orphans.size(), removed);
            cursor = page.next().orElse(null);
        } while (cursor != null);
    }

    private static void rollbackQuietly(Transaction transaction, Throwable cause) {
        try {
            transaction.rollback().await().indefinitely();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
