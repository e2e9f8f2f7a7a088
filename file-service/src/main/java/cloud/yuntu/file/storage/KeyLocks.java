package cloud.yuntu.file.storage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Collection;
import java.util.List;

/**
 * Serializes, across every file-service instance, the publication of a key with its confirmation:
 * a PostgreSQL advisory lock per key, held until the caller's transaction ends. A write checks
 * whether the key is confirmed and publishes its bytes under the lock; a confirmation checks the
 * catalogued digest under it; so no confirmation can slip between the check and the publication. The
 * store audit removes bytes no table knows under it too, so bytes recorded meanwhile are never removed.
 */
public final class KeyLocks {

    private KeyLocks() {
    }

    /** Locks every key, in one order for everyone, inside {@code transaction}'s transaction. */
    public static Uni<Void> lock(SqlClient transaction, Collection<String> keys) {
        List<String> ordered = keys.stream().distinct().sorted().toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String key : ordered) {
            chain = chain.chain(() -> transaction.preparedQuery("SELECT " + lockOf("$1"))
                    .execute(Tuple.of(key)).replaceWithVoid());
        }
        return chain;
    }

    /**
     * The SQL expression that takes the lock of the key bound to {@code parameter} until the transaction
     * ends, for writers whose transaction runs in another client (Hibernate Reactive's native queries).
     */
    public static String lockOf(String parameter) {
        return "pg_advisory_xact_lock(hashtextextended(" + parameter + ", 0))";
    }
}
