package cloud.yuntu.file.storage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A last condition of a write, checked inside the transaction that publishes it (holding the key's
 * lock, before the bytes become visible) and committed or rolled back with the catalogue row: a
 * presigned PUT makes its URL's claim final there, so the URL is spent exactly when its upload is.
 */
@FunctionalInterface
public interface PublishGuard {

    PublishGuard NONE = transaction -> Uni.createFrom().voidItem();

    /** Fails (e.g. with a {@link cloud.yuntu.platform.problem.ProblemException}) to publish nothing. */
    Uni<Void> check(SqlClient transaction);
}
