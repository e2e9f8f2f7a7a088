package cloud.yuntu.task.auth;

import cloud.yuntu.platform.client.ServiceCredentials;
import cloud.yuntu.platform.identity.Roles;
import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * task-service's own credential, for the calls only services may make even while serving a user
 * (holding a task's files in file-service). A farm that is its own issuer signs it here, as a
 * service named {@value #SERVICE_ID}; with an OpenID Connect provider it is the client-credentials
 * token of {@code yuntu.credentials.*}, like any other service's.
 */
@ApplicationScoped
public class OwnCredential {

    public static final String SERVICE_ID = "task-service";

    private final TokenIssuer issuer;
    private final ServiceCredentials credentials;

    OwnCredential(TokenIssuer issuer, ServiceCredentials credentials) {
        this.issuer = issuer;
        this.credentials = credentials;
    }

    /**
     * @return {@code Bearer <token>}
     * @throws ProblemException 503 (as the Uni's failure) when task-service has no credential at all
     */
    public Uni<String> authorization() {
        if (issuer.issues()) {
            return Uni.createFrom().item(() -> "Bearer " + issuer.issue(SERVICE_ID, Set.of(Roles.SERVICE)).accessToken());
        }
        return credentials.bearer().map(token -> "Bearer " + token.orElseThrow(() -> ProblemException.unavailable(
                "task-service has no credential of its own (neither smallrye.jwt.sign.key.location nor yuntu.credentials.*)")));
    }
}
