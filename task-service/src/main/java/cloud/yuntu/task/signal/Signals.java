package cloud.yuntu.task.signal;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes the passes that act on what a transaction changed, in every replica, the moment it
 * commits: a PostgreSQL {@code NOTIFY} issued inside the transaction is delivered only when it
 * commits, never when it rolls back, and several in one transaction arrive once. So a pass woken by
 * it always sees the change, which a signal inside the service sent before the commit would not
 * guarantee. {@link SignalListener} turns the notifications into wake-ups.
 */
@ApplicationScoped
public class Signals {

    /** Frames may be released: a slot came free, frames became releasable, an agent came. */
    public static final String DISPATCH = "yuntu_task_dispatch";

    /** Records wait in the outbox (the outbox itself sends it with every insert). */
    public static final String OUTBOX = "yuntu_task_outbox";

    /** The dispatcher runs a release pass once the caller's transaction commits. */
    public Uni<Void> dispatchSoon(SqlClient sql) {
        return sql.query("SELECT pg_notify('" + DISPATCH + "', '')").execute().replaceWithVoid();
    }
}
