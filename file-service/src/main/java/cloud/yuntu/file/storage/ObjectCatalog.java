package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.frame.StoredObject;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The table of committed objects and their digests (schema {@code file}). */
@ApplicationScoped
public class ObjectCatalog {

    private final Pool pool;

    ObjectCatalog(Pool pool) {
        this.pool = pool;
    }

    /** Records a committed object; a key written again gets the new digests and time. */
    public Uni<ObjectInfo> record(StoredObject object) {
        return pool.preparedQuery("""
                        INSERT INTO file.stored_object (key, size, sha256, xxh64, md5, created_at)
                        VALUES ($1, $2, $3, $4, $5, now())
                        ON CONFLICT (key) DO UPDATE SET size = EXCLUDED.size, sha256 = EXCLUDED.sha256,
                            xxh64 = EXCLUDED.xxh64, md5 = EXCLUDED.md5, created_at = EXCLUDED.created_at
                        RETURNING key, size, sha256, xxh64, md5, created_at""")
                .execute(Tuple.of(object.key(), object.size(), object.sha256(), object.xxh64(), object.md5()))
                .map(rows -> toInfo(rows.iterator().next()));
    }

    public Uni<Optional<ObjectInfo>> find(ObjectKey key) {
        return pool.preparedQuery("SELECT key, size, sha256, xxh64, md5, created_at FROM file.stored_object WHERE key = $1")
                .execute(Tuple.of(key.value()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toInfo(rows.iterator().next())));
    }

    private static ObjectInfo toInfo(Row row) {
        OffsetDateTime created = row.getOffsetDateTime("created_at");
        return new ObjectInfo(row.getString("key"), row.getLong("size"), row.getString("sha256"),
                row.getString("xxh64"), row.getString("md5"), created.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }
}
