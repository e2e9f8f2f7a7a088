package cloud.yuntu.task.account;

import cloud.yuntu.task.auth.IdentityConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The first operator: at start, when {@code yuntu.identity.bootstrap-admin.password} is set and
 * no account of that name exists, it is made an admin with that password. An existing account
 * is left as it is (its password may have been changed since).
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    void onStart(@Observes StartupEvent start, IdentityConfig config, Accounts accounts, Passwords passwords)
            throws Throwable {
        String password = config.bootstrapAdmin().password().orElse(null);
        if (password == null) {
            return;
        }
        String username = config.bootstrapAdmin().username();
        if (!Account.validUsername(username)) {
            throw new IllegalStateException("yuntu.identity.bootstrap-admin.username " + Account.USERNAME_RULE);
        }
        String problem = Passwords.problemWith(password);
        if (problem != null) {
            throw new IllegalStateException("yuntu.identity.bootstrap-admin.password " + problem);
        }
        String hash = passwords.hash(password);
        boolean created = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> accounts.findById(username).chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().item(false);
                    }
                    Account admin = new Account();
                    admin.username = username;
                    admin.passwordHash = hash;
                    admin.admin = true;
                    admin.createdAt = Instant.now();
                    return accounts.persist(admin).replaceWith(true);
                })));
        if (created) {
            LOG.infof("Created the bootstrap admin account %s", username);
        }
    }
}
