package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.frame.StoredObject;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The table of committed objects, their digests and owners (schema {@code file}). */
@ApplicationScoped
public class ObjectCatalog {

    private final Pool pool;

    ObjectCatalog(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records a committed object; a key written again gets the new digests and time. The owner is
     * set by the first writer that names one and kept by later writes without one (a presigned PUT
     * by an admin or service does not take a user's object away from them).
     *
     * @param owner the uploading user, null for writes through presigned URLs
     */
    public Uni<ObjectInfo> record(StoredObject object, String owner) {
        return record(pool, object, owner);
    }

    /** {@link #record(StoredObject, String)} inside the caller's transaction. */
    public Uni<ObjectInfo> record(SqlClient client, StoredObject object, String owner) {
        return client.preparedQuery("""
                        INSERT INTO file.stored_object (key, size, sha256, xxh64, md5, created_at, owner)
                        VALUES ($1, $2, $3, $4, $5, now(), $6)
                        ON CONFLICT (key) DO UPDATE SET size = EXCLUDED.size, sha256 = EXCLUDED.sha256,
                            xxh64 = EXCLUDED.xxh64, md5 = EXCLUDED.md5, created_at = EXCLUDED.created_at,
                            owner = COALESCE(stored_object.owner, EXCLUDED.owner)
                        RETURNING key, size, sha256, xxh64, md5, created_at, owner""")
                .execute(Tuple.tuple().addString(object.key()).addLong(object.size()).addString(object.sha256())
                        .addString(object.xxh64()).addString(object.md5()).addString(owner))
                .map(rows -> toInfo(rows.iterator().next()));
    }

    /**
     * Whether {@code key} holds an object, and the SHA-256 of its confirmation if it is a confirmed
     * result (read from {@code file.confirmed_result}, which the results' catalogue writes).
     */
    public Uni<ExistingObject> existing(SqlClient client, ObjectKey key) {
        return client.preparedQuery("""
                        SELECT EXISTS (SELECT 1 FROM file.stored_object WHERE key = $1) AS stored,
                               (SELECT sha256 FROM file.confirmed_result WHERE key = $1) AS confirmed_sha256""")
                .execute(Tuple.of(key.value()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new ExistingObject(row.getBoolean("stored"),
                            Optional.ofNullable(row.getString("confirmed_sha256")));
                });
    }

    /** The object recorded under {@code key} (its recorded owner, null for none), inside the caller's transaction. */
    public Uni<Optional<ObjectInfo>> recorded(SqlClient client, ObjectKey key) {
        return client.preparedQuery("SELECT key, size, sha256, xxh64, md5, created_at, owner FROM file.stored_object WHERE key = $1")
                .execute(Tuple.of(key.value()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toInfo(rows.iterator().next())));
    }

    /** {@link #existing(SqlClient, ObjectKey)} outside any transaction, for a check before a body is read. */
    public Uni<ExistingObject> existing(ObjectKey key) {
        return existing(pool, key);
    }

    /**
     * The object with its owner: the recorded one, else for a result key the owner of its task
     * (as far as farm.task-events told us).
     */
    public Uni<Optional<ObjectInfo>> find(ObjectKey key) {
        return find(pool, key);
    }

    /** {@link #find(ObjectKey)} inside the caller's transaction. */
    public Uni<Optional<ObjectInfo>> find(SqlClient client, ObjectKey key) {
        return client.preparedQuery("""
                        SELECT o.key, o.size, o.sha256, o.xxh64, o.md5, o.created_at, COALESCE(o.owner, t.user_id) AS owner
                        FROM file.stored_object o LEFT JOIN file.task_owner t ON t.task_id = $2
                        WHERE o.key = $1""")
                .execute(Tuple.tuple().addString(key.value()).addUUID(KeyLayout.taskOfResult(key).orElse(null)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toInfo(rows.iterator().next())));
    }

    /**
     * Unlists the object of {@code key} inside the caller's transaction, which holds the key's lock;
     * its bytes are removed after the commit, so no listed object is ever without them.
     *
     * @return whether there was a row
     */
    public Uni<Boolean> remove(SqlClient client, ObjectKey key) {
        return client.preparedQuery("DELETE FROM file.stored_object WHERE key = $1")
                .execute(Tuple.of(key.value()))
                .map(rows -> rows.rowCount() == 1);
    }

    private static ObjectInfo toInfo(Row row) {
        OffsetDateTime created = row.getOffsetDateTime("created_at");
        return new ObjectInfo(row.getString("key"), row.getLong("size"), row.getString("sha256"),
                row.getString("xxh64"), row.getString("md5"), created.withOffsetSameInstant(ZoneOffset.UTC).toInstant(),
                row.getString("owner"));
    }
}
