package cloud.yuntu.file.presign;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.lease.Leases;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.PublishGuard;
import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The upload ids of presigned PUT URLs in use or used (table {@code file.spent_upload}): a URL is
 * claimed before its body is read, so a second use is refused even while the first is streaming.
 * A claim is a lease its request renews while the body streams ({@link Leases}); it becomes final
 * in the transaction that publishes the upload ({@link Claim#check}), and is given back if the
 * write fails, so its holder may retry the URL. A claim whose process died (never committed, lease
 * lapsed) can be claimed again; a committed one stays until the URL expires (after which its
 * signature refuses it anyway) and is then swept.
 */
@ApplicationScoped
public class SpentUploads {

    private final Pool pool;
    private final Leases leases;
    private final Clock clock;
    private final Duration lease;

    SpentUploads(Pool pool, Leases leases, Clock clock, FileConfig config) {
        this.pool = pool;
        this.leases = leases;
        this.clock = clock;
        this.lease = config.presign().uploadLease();
    }

    /**
     * Claims the upload id for one upload: a new one, or one whose earlier claim never committed and
     * whose lease lapsed (its process died). The claim's lease is renewed until it is closed.
     *
     * @return the claim; empty when the URL was used (committed) or is in use
     */
    public Uni<Optional<Claim>> claim(UUID uploadId, ObjectKey key, Instant expiresAt) {
        String holder = Leases.newHolder();
        Instant now = clock.instant();
        return pool.preparedQuery("""
                        INSERT INTO file.spent_upload (upload_id, key, expires_at, claimed_at, holder, lease_until)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (upload_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, holder = EXCLUDED.holder,
                            lease_until = EXCLUDED.lease_until
                        WHERE spent_upload.committed_at IS NULL
                            AND (spent_upload.lease_until IS NULL OR spent_upload.lease_until <= EXCLUDED.claimed_at)""")
                .execute(Tuple.of(uploadId, key.value(), utc(expiresAt), utc(now), holder, utc(now.plus(lease))))
                .map(rows -> rows.rowCount() == 1 ? Optional.of(new Claim(uploadId, holder)) : Optional.empty());
    }

    /** @return how many rows of URLs expired before {@code now} were removed */
    public Uni<Integer> sweep(Instant now) {
        return pool.preparedQuery("DELETE FROM file.spent_upload WHERE expires_at < $1")
                .execute(Tuple.of(utc(now)))
                .map(rows -> rows.rowCount());
    }

    static ProblemException used() {
        return ProblemException.conflict("upload-url-used", "Upload URL used",
                "this upload URL was used already or is in use; an upload URL is good for one upload");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * One request's claim of an upload id, renewed until closed. As a {@link PublishGuard} it makes
     * itself final in the publishing transaction, or refuses the publication (409) if another request
     * took it over meanwhile (only after this one stopped renewing it for a whole lease).
     */
    public final class Claim implements PublishGuard, AutoCloseable {

        private final UUID uploadId;
        private final String holder;
        private final Leases.Renewal renewal;

        private Claim(UUID uploadId, String holder) {
            this.uploadId = uploadId;
            this.holder = holder;
            this.renewal = leases.keepRenewed("the claim of upload URL " + uploadId, lease,
                    () -> pool.preparedQuery("""
                                    UPDATE file.spent_upload SET lease_until = $3
                                    WHERE upload_id = $1 AND holder = $2 AND committed_at IS NULL""")
                            .execute(Tuple.of(uploadId, holder, utc(clock.instant().plus(lease))))
                            .map(rows -> rows.rowCount() == 1).await().indefinitely());
        }

        @Override
        public Uni<Void> check(SqlClient transaction) {
            return transaction.preparedQuery("""
                            UPDATE file.spent_upload SET committed_at = now()
                            WHERE upload_id = $1 AND holder = $2 AND committed_at IS NULL""")
                    .execute(Tuple.of(uploadId, holder))
                    .map(rows -> {
                        if (rows.rowCount() != 1) {
                            throw used();
                        }
                        return null;
                    })
                    .replaceWithVoid();
        }

        /** Gives the id back after the write failed: nothing was stored with it (a committed claim stays). */
        public Uni<Void> release() {
            renewal.close();
            return pool.preparedQuery("DELETE FROM file.spent_upload WHERE upload_id = $1 AND holder = $2 AND committed_at IS NULL")
                    .execute(Tuple.of(uploadId, holder))
                    .replaceWithVoid();
        }

        /** Stops the renewals; the claim stays as it is (committed, or lapsing after one lease). */
        @Override
        public void close() {
            renewal.close();
        }
    }
}
