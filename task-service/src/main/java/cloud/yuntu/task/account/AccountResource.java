package cloud.yuntu.task.account;

import cloud.yuntu.platform.identity.Roles;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.auth.AuthTokenResource;
import cloud.yuntu.task.auth.TokenIssuer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * Local accounts, for operators only ({@code ./yuntu token USER [--admin]} drives these with the
 * bootstrap admin's token). Users never see this API; a user's token gets 403.
 */
@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AccountResource {

    /**
     * @param password the new password; absent keeps the current one (a new account without one
     *        gets tokens only through {@code POST /api/accounts/{username}/token})
     * @param admin whether the account is an operator; absent means false
     */
    public record AccountRequest(String password, Boolean admin) {
    }

    /** An account as operators see it; never its hash. */
    public record AccountView(String username, boolean admin, boolean hasPassword, Instant createdAt) {

        static AccountView of(Account a) {
            return new AccountView(a.username, a.admin, a.passwordHash != null, a.createdAt);
        }
    }

    private final Accounts accounts;
    private final Passwords passwords;
    private final TokenIssuer issuer;

    AccountResource(Accounts accounts, Passwords passwords, TokenIssuer issuer) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.issuer = issuer;
    }

    /** Creates (201) or updates (200) an account; setting it also lifts a sign-in throttle. */
    @PUT
    @Path("/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("username") String username, AccountRequest request) {
        if (!Account.validUsername(username)) {
            throw ProblemException.invalidField("username", Account.USERNAME_RULE);
        }
        AccountRequest body = request == null ? new AccountRequest(null, null) : request;
        if (body.password() != null) {
            String problem = Passwords.problemWith(body.password());
            if (problem != null) {
                throw ProblemException.invalidField("password", problem);
            }
        }
        Uni<String> hash = body.password() == null ? Uni.createFrom().nullItem() : passwords.hashLater(body.password());
        boolean admin = Boolean.TRUE.equals(body.admin());
        return hash.chain(newHash -> Panache.withTransaction(() -> accounts.findById(username).chain(found -> {
            boolean created = found == null;
            Account account = created ? new Account() : found;
            if (created) {
                account.username = username;
                account.createdAt = Instant.now();
            }
            account.admin = admin;
            if (newHash != null) {
                account.passwordHash = newHash;
            }
            account.failedLogins = 0;
            account.lastFailedAt = null;
            return accounts.persist(account).map(saved -> Response.status(created ? 201 : 200)
                    .entity(AccountView.of(saved)).build());
        })));
    }

    /** A token for the account, as if it had signed in: how scripts and tests get users' tokens. */
    @POST
    @Path("/{username}/token")
    public Uni<Response> token(@PathParam("username") String username) {
        if (!Account.validUsername(username)) {
            throw ProblemException.notFound("no account " + username);
        }
        return Panache.withSession(() -> accounts.findById(username))
                .map(account -> {
                    if (account == null) {
                        throw ProblemException.notFound("no account " + username);
                    }
                    return AuthTokenResource.answer(issuer.issue(account.username, AuthTokenResource.groupsOf(account)));
                });
    }
}
