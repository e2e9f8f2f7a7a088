package cloud.yuntu.task.account;

import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.auth.IdentityConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Signing in with a username and password. A wrong password and an unknown username answer
 * alike (401, after one bcrypt check either way); consecutive failures of one username are slowed
 * down by {@link LoginThrottle}, for unknown usernames too.
 */
@ApplicationScoped
public class PasswordLogin {

    private final Accounts accounts;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final UnknownUsernames unknown = new UnknownUsernames();
    private final Clock clock = Clock.systemUTC();

    public PasswordLogin(Accounts accounts, Passwords passwords, IdentityConfig config) {
        this.accounts = accounts;
        this.passwords = passwords;
        IdentityConfig.Login login = config.login();
        this.throttle = new LoginThrottle(login.freeFailures(), login.firstDelay(), login.maxDelay());
    }

    /**
     * @return the account the credentials open
     * @throws ProblemException 401 for a wrong username or password, 429 while the username must wait
     */
    public Uni<Account> login(String username, String password) {
        return Panache.withSession(() -> accounts.findById(username)).chain(account -> {
            Instant now = clock.instant();
            UnknownUsernames.Failures failures = account != null
                    ? new UnknownUsernames.Failures(account.failedLogins, account.lastFailedAt)
                    : unknown.of(username);
            Duration wait = throttle.wait(failures.count(), failures.last(), now);
            if (!wait.isZero()) {
                return Uni.createFrom().<Account>failure(ProblemException.tooManyRequests(
                        "too many failed sign-ins for this username; wait before trying again", wait));
            }
            return passwords.check(password, account == null ? null : account.passwordHash).chain(matches -> {
                if (matches) {
                    return Panache.withTransaction(() -> accounts.succeeded(username)).replaceWith(account);
                }
                return failed(username, account != null).chain(() -> Uni.createFrom().<Account>failure(
                        ProblemException.unauthorized("the username or password is wrong")));
            });
        });
    }

    private Uni<Void> failed(String username, boolean exists) {
        Instant now = clock.instant();
        if (exists) {
            return Panache.withTransaction(() -> accounts.failed(username, now)).replaceWithVoid();
        }
        unknown.failed(username, now, throttle.maxDelay());
        return Uni.createFrom().voidItem();
    }
}
