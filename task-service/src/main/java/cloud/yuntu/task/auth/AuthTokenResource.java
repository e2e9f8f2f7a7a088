package cloud.yuntu.task.auth;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.client.TokenResponse;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Roles;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.account.Account;
import cloud.yuntu.task.account.PasswordLogin;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/auth/token}, the farm's token endpoint: open to everyone by design, since it
 * is where a caller gets the token every other endpoint wants. Users sign in with JSON
 * {@code {"username","password"}}; render agents and services with the OAuth 2.0
 * client-credentials form (what platform's {@code ServiceCredentials} sends). Both answer
 * {@code {"access_token","token_type":"Bearer","expires_in"}}, never cached.
 */
@Path("/api/auth/token")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthTokenResource {

    /** Client ids become the {@code sub} of machine tokens: agent ids and service names. */
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    static final int MAX_PASSWORD_LENGTH = 1024;

    /** @param password checked as given; its length is bounded so nobody hashes megabytes */
    public record PasswordGrant(String username, String password) {
    }

    private final PasswordLogin login;
    private final TokenIssuer issuer;
    private final ClientCredentials clients;

    AuthTokenResource(PasswordLogin login, TokenIssuer issuer, IdentityConfig config) {
        this.login = login;
        this.issuer = issuer;
        this.clients = new ClientCredentials(config.agentSecret(), config.serviceSecret());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> password(PasswordGrant grant) {
        List<FieldError> errors = new ArrayList<>();
        String username = grant == null ? null : grant.username();
        String password = grant == null ? null : grant.password();
        if (username == null || username.isEmpty()) {
            errors.add(new FieldError("username", "is required"));
        } else if (!Account.validUsername(username)) {
            errors.add(new FieldError("username", Account.USERNAME_RULE));
        }
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        } else if (password.length() > MAX_PASSWORD_LENGTH) {
            errors.add(new FieldError("password", "must have at most " + MAX_PASSWORD_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return login.login(username, password).map(account -> answer(issuer.issue(account.username, groupsOf(account))));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response clientCredentials(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret) {
        List<FieldError> errors = new ArrayList<>();
        if (grantType == null || grantType.isEmpty()) {
            errors.add(new FieldError("grant_type", "is required"));
        } else if (!"client_credentials".equals(grantType)) {
            errors.add(new FieldError("grant_type", "must be client_credentials (users sign in with JSON username and password)"));
        }
        if (clientId == null || clientId.isEmpty()) {
            errors.add(new FieldError("client_id", "is required"));
        } else if (!CLIENT_ID.matcher(clientId).matches() || clientId.length() > Caller.MAX_ID_LENGTH) {
            errors.add(new FieldError("client_id", "must be 1 to 128 letters, digits or . _ @ -"));
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            errors.add(new FieldError("client_secret", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String role = clients.roleOf(clientSecret)
                .orElseThrow(() -> ProblemException.unauthorized("the client credentials are wrong"));
        return answer(issuer.issue(clientId, Set.of(role)));
    }

    public static Set<String> groupsOf(Account account) {
        return account.admin ? Set.of(Roles.ADMIN) : Set.of();
    }

    /** RFC 6749 section 5.1: token answers must not be stored by any cache. */
    public static Response answer(TokenResponse token) {
        return Response.ok(token).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
