package cloud.yuntu.file.presign;

import cloud.yuntu.file.storage.ObjectKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The upload ids of presigned PUT URLs that were used (table {@code file.spent_upload}): a URL is
 * claimed before its body is read, so a second use is refused even while the first is streaming,
 * and released again if its write fails, so its holder may retry it. Rows are kept until the URL
 * expires (after which its signature refuses it anyway) and then swept.
 */
@ApplicationScoped
public class SpentUploads {

    private final Pool pool;

    SpentUploads(Pool pool) {
        this.pool = pool;
    }

    /** @return whether this call claimed the upload id; false when it was claimed before */
    public Uni<Boolean> claim(UUID uploadId, ObjectKey key, Instant expiresAt) {
        return pool.preparedQuery("""
                        INSERT INTO file.spent_upload (upload_id, key, expires_at, claimed_at) VALUES ($1, $2, $3, now())
                        ON CONFLICT (upload_id) DO NOTHING""")
                .execute(Tuple.of(uploadId, key.value(), OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Gives a claimed id back after its write failed: nothing was stored with it. */
    public Uni<Void> release(UUID uploadId) {
        return pool.preparedQuery("DELETE FROM file.spent_upload WHERE upload_id = $1")
                .execute(Tuple.of(uploadId))
                .replaceWithVoid();
    }

    /** @return how many rows of URLs expired before {@code now} were removed */
    public Uni<Integer> sweep(Instant now) {
        return pool.preparedQuery("DELETE FROM file.spent_upload WHERE expires_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
