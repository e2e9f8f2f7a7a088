package cloud.yuntu.platform.identity;

import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current JAX-RS request, from the token MicroProfile JWT verified. Resources
 * are annotated {@code @Authenticated} (or {@code @RolesAllowed}), so a request without a valid
 * token never reaches them; {@link #current()} is then always answerable.
 */
@ApplicationScoped
public class Callers {

    private final JsonWebToken token;

    Callers(JsonWebToken token) {
        this.token = token;
    }

    /** @throws UnauthorizedException when the request carried no verified token */
    public Caller current() {
        if (token.getRawToken() == null) {
            throw new UnauthorizedException();
        }
        return of(token);
    }

    /** The caller a verified token names. */
    public static Caller of(JsonWebToken token) {
        try {
            Set<String> groups = token.getGroups();
            return new Caller(token.getSubject(), groups == null ? Set.of() : groups);
        } catch (Caller.InvalidCaller e) {
            throw ProblemException.unauthorized(e.getMessage());
        }
    }
}
