package cloud.yuntu.task.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The account table (Hibernate Reactive Panache); callers open the session or transaction. */
@ApplicationScoped
public class Accounts implements PanacheRepositoryBase<Account, String> {

    /** Counts one failed sign-in, atomically, so concurrent failures are all counted. */
    public Uni<Integer> failed(String username, Instant at) {
        return update("failedLogins = failedLogins + 1, lastFailedAt = ?1 where username = ?2", at, username);
    }

    public Uni<Integer> succeeded(String username) {
        return update("failedLogins = 0, lastFailedAt = null where username = ?1 and failedLogins > 0", username);
    }
}
