package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.platform.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The one way bytes enter storage: stream and hash into a staged object, then publish and
 * catalogue it. Publishing happens in a database transaction holding the key's lock ({@link KeyLocks}):
 * there the {@link OverwriteRule} is checked (a confirmed result or a scene is never replaced), the
 * bytes are published and the catalogue row written, so that two concurrent writes of a key cannot
 * leave the catalogue describing the bytes of the other one, and no confirmation can come between the
 * check and the publication. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class ObjectIngest {

    private final ObjectStore store;
    private final ObjectCatalog catalog;
    private final Pool pool;
    private final long maxObjectSize;

    ObjectIngest(ObjectStore store, ObjectCatalog catalog, Pool pool, FileConfig config) {
        this.store = store;
        this.catalog = catalog;
        this.pool = pool;
        this.maxObjectSize = config.maxObjectSize().asLongValue();
    }

    /** @param owner the uploading user */
    public ObjectInfo write(ObjectKey key, InputStream body, String owner) throws IOException {
        try (StagedObject staged = store.stage(key, body, maxObjectSize)) {
            return publish(staged, owner);
        }
    }

    /**
     * A write through a presigned URL: stored only if the body is exactly the promised content.
     * It has no owner: whoever was given the URL writes on behalf of the key's owner, who stays the owner.
     *
     * @throws ProblemException 413 once the body passes the promised size; 422 on {@code size} or
     *         {@code sha256} when it is shorter or hashes otherwise (nothing is kept); 409 when the key
     *         may not be replaced
     */
    public ObjectInfo write(ObjectKey key, InputStream body, ExpectedContent expected) throws IOException {
        return write(key, body, expected, PublishGuard.NONE);
    }

    /**
     * {@link #write(ObjectKey, InputStream, ExpectedContent)}, publishing only if {@code guard} passes
     * inside the publishing transaction (a presigned PUT's claim of its URL becomes final there).
     */
    public ObjectInfo write(ObjectKey key, InputStream body, ExpectedContent expected, PublishGuard guard)
            throws IOException {
        try (StagedObject staged = store.stage(key, body, Math.min(expected.size(), maxObjectSize))) {
            Digests digests = staged.digests();
            if (digests.size() != expected.size()) {
                throw ProblemException.invalidField("size", "the body has " + digests.size()
                        + " bytes, the URL was issued for " + expected.size() + "; nothing was stored");
            }
            if (!digests.sha256().equals(expected.sha256())) {
                throw ProblemException.invalidField("sha256", "the body's SHA-256 is " + digests.sha256()
                        + ", the URL was issued for " + expected.sha256() + "; nothing was stored");
            }
            return publish(staged, null, guard, false);
        }
    }

    /** Whether {@code key} may be written now, before any byte of a body is read; the write checks again. */
    public Optional<ProblemException> refusal(ObjectKey key) {
        return OverwriteRule.refusal(key, catalog.existing(key).await().indefinitely());
    }

    /**
     * Publishes bytes staged otherwise (the joined parts of a resumable upload) and catalogues them, under
     * the key's lock and the {@link OverwriteRule} like every write; the caller closes {@code staged}.
     *
     * @param owner the uploading user; null for writes through presigned URLs
     */
    public ObjectInfo publish(StagedObject staged, String owner) throws IOException {
        return publish(staged, owner, PublishGuard.NONE, false);
    }

    /**
     * {@link #publish(StagedObject, String)} for a key chosen once for one upload (a resumable scene),
     * whose completion may run again after it published: when the key holds these very bytes already
     * (catalogued with the same size and SHA-256), nothing is written and the catalogued object is the
     * answer, so a completion repeated after a failure never makes a second copy. Other bytes under
     * the key are refused by the {@link OverwriteRule} as usual.
     */
    public ObjectInfo publishOrFind(StagedObject staged, String owner) throws IOException {
        return publish(staged, owner, PublishGuard.NONE, true);
    }

    private ObjectInfo publish(StagedObject staged, String owner, PublishGuard guard, boolean findSame)
            throws IOException {
        ObjectKey key = staged.key();
        SqlConnection connection = pool.getConnection().await().indefinitely();
        try {
            Transaction transaction = connection.begin().await().indefinitely();
            try {
                KeyLocks.lock(connection, List.of(key.value())).await().indefinitely();
                if (findSame) {
                    Optional<ObjectInfo> same = catalog.recorded(connection, key).await().indefinitely()
                            .filter(info -> info.size() == staged.digests().size()
                                    && info.sha256().equals(staged.digests().sha256()));
                    if (same.isPresent()) {
                        transaction.commit().await().indefinitely();
                        return same.get();
                    }
                }
                Optional<ProblemException> refusal = OverwriteRule.refusal(key,
                        catalog.existing(connection, key).await().indefinitely());
                if (refusal.isPresent()) {
                    throw refusal.get();
                }
                guard.check(connection).await().indefinitely();
                staged.commit();
                ObjectInfo info = catalog.record(connection, staged.digests().as(key.value()), owner)
                        .await().indefinitely();
                transaction.commit().await().indefinitely();
                return info;
            } catch (IOException | RuntimeException | Error e) {
                rollbackQuietly(transaction, e);
                throw e;
            }
        } finally {
            connection.close().await().indefinitely();
        }
    }

    private static void rollbackQuietly(Transaction transaction, Throwable cause) {
        try {
            transaction.rollback().await().indefinitely();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    public long maxObjectSize() {
        return maxObjectSize;
    }
}
