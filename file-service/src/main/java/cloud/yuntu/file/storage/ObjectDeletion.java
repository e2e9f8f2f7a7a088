package cloud.yuntu.file.storage;

import cloud.yuntu.file.framelog.FrameLogs;
import cloud.yuntu.file.result.ResultCatalog;
import cloud.yuntu.file.result.TaskOwners;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Deletes one object in two steps, each in a transaction holding the key's lock ({@link KeyLocks}),
 * so that a crash between them leaves bytes nobody lists rather than a listed object without bytes:
 * <ol>
 *   <li>unlist: check the caller may see the object and {@link DeletionRule} lets it go, then delete its
 *       confirmed result (if it is one) and its catalogue row, and the task's frame logs with its last result;</li>
 *   <li>remove the bytes, unless a write published the key anew in between (then they are its bytes).</li>
 * </ol>
 * Bytes that cannot be removed (the store failing, a crash between the steps) stay orphaned: nothing lists
 * or confirms them, a later write of the key replaces them, and the store audit removes them once they are
 * older than its grace period. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class ObjectDeletion {

    private static final Logger LOG = Logger.getLogger(ObjectDeletion.class);

    private final ObjectStore store;
    private final ObjectCatalog catalog;
    private final ResultCatalog results;
    private final TaskOwners owners;
    private final FrameLogs logs;
    private final Pool pool;

    ObjectDeletion(ObjectStore store, ObjectCatalog catalog, ResultCatalog results, TaskOwners owners, FrameLogs logs,
            Pool pool) {
        this.store = store;
        this.catalog = catalog;
        this.results = results;
        this.owners = owners;
        this.logs = logs;
        this.pool = pool;
    }

    /**
     * @param key as {@link DeletionRule#deletable} accepted it
     * @throws ProblemException 404 when there is no such object the caller may see (nothing changes);
     *         409 when a task may still need it
     */
    public void delete(ObjectKey key, Caller caller) {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            unlist(connection, key, caller);
            removeBytes(connection, key);
        } finally {
            connection.close().await().indefinitely();
        }
    }

    private void unlist(SqlConnection connection, ObjectKey key, Caller caller) {
        Transaction transaction = connection.begin().await().indefinitely();
        try {
            KeyLocks.lock(connection, List.of(key.value())).await().indefinitely();
            ObjectInfo object = catalog.find(connection, key).await().indefinitely()
                    .filter(found -> caller.maySee(found.owner()))
                    .orElseThrow(() -> ObjectResource.noSuchObject(key));
            Optional<Boolean> taskEnded = KeyLayout.taskOfResult(key).isPresent()
                    ? owners.ended(connection, KeyLayout.taskOfResult(key).get()).await().indefinitely()
                    : Optional.empty();
            boolean ownerHasOpenTask = KeyLayout.kindOf(key).orElseThrow() == KeyLayout.Kind.SCENE
                    && object.owner() != null
                    && owners.hasOpenTask(connection, object.owner()).await().indefinitely();
            Optional<ProblemException> refusal = DeletionRule.refusal(key, taskEnded, ownerHasOpenTask);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            boolean wasResult = results.unlist(connection, key).await().indefinitely();
            catalog.remove(connection, key).await().indefinitely();
            if (wasResult) {
                removeLogsOnceNoResultIsLeft(connection, KeyLayout.taskOfResult(key).orElseThrow());
            }
            transaction.commit().await().indefinitely();
        } catch (RuntimeException | Error e) {
            rollbackQuietly(transaction, e);
            throw e;
        }
    }

    /**
     * The logs of a frame tell how its results came about: once the owner removed the last of the task's
     * results (the task has ended, or the rule would have refused), its logs go with them. Two last results
     * deleted at the same moment may each still see the other; the retention removes the logs then.
     */
    private void removeLogsOnceNoResultIsLeft(SqlConnection connection, UUID task) {
        if (!results.anyOf(connection, task).await().indefinitely()) {
            int removed = logs.removeOfTask(connection, task).await().indefinitely();
            LOG.debugf("The last result of task %s is deleted; so are its %d log batches", task, removed);
        }
    }

    private void removeBytes(SqlConnection connection, ObjectKey key) {
        Transaction transaction = connection.begin().await().indefinitely();
        try {
            KeyLocks.lock(connection, List.of(key.value())).await().indefinitely();
            if (catalog.existing(connection, key).await().indefinitely().stored()) {
                LOG.debugf("%s was written again right after its deletion; its new bytes stay", key);
            } else if (!store.delete(key)) {
                LOG.warnf("%s was listed without bytes in the store; its row is deleted", key);
            }
            transaction.commit().await().indefinitely();
        } catch (IOException | RuntimeException e) {
            rollbackQuietly(transaction, e);
            // The object is unlisted already: the caller's deletion stands, only its bytes linger.
            LOG.warnf(e, "%s is deleted but its bytes could not be removed from the store; the store audit removes them",
                    key);
        }
    }

    private static void rollbackQuietly(Transaction transaction, Throwable cause) {
        try {
            transaction.rollback().await().indefinitely();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
