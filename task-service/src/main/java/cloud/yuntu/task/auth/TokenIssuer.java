package cloud.yuntu.task.auth;

import cloud.yuntu.platform.client.TokenResponse;
import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues the farm's own access tokens (smallrye-jwt-build): RS256 with the key at
 * {@code smallrye.jwt.sign.key.location}, {@code sub} = the account, client or service id,
 * {@code groups} = its roles, issuer {@code smallrye.jwt.new-token.issuer}, valid for
 * {@code smallrye.jwt.new-token.lifespan} seconds. A farm that takes its users' tokens from an
 * OpenID Connect provider has no signing key and issues none.
 */
@ApplicationScoped
public class TokenIssuer {

    private final Optional<String> keyLocation;
    private final Optional<String> key;
    private final String issuer;
    private final long lifespanSeconds;

    TokenIssuer(@ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> keyLocation,
            @ConfigProperty(name = "smallrye.jwt.sign.key") Optional<String> key,
            @ConfigProperty(name = "smallrye.jwt.new-token.issuer") String issuer,
            @ConfigProperty(name = "smallrye.jwt.new-token.lifespan", defaultValue = "3600") long lifespanSeconds) {
        this.keyLocation = keyLocation;
        this.key = key;
        this.issuer = issuer;
        this.lifespanSeconds = lifespanSeconds;
    }

    /** Whether this farm signs its own tokens (else an OpenID Connect provider does). */
    public boolean issues() {
        return keyLocation.isPresent() || key.isPresent();
    }

    /** @throws ProblemException 503 when this farm has no signing key */
    public TokenResponse issue(String subject, Set<String> groups) {
        if (!issues()) {
            throw ProblemException.unavailable("this farm issues no tokens itself (smallrye.jwt.sign.key.location is not set);"
                    + " get one from its identity provider");
        }
        Instant now = Instant.now();
        String token = Jwt.issuer(issuer).subject(subject).groups(groups).issuedAt(now)
                .expiresAt(now.plusSeconds(lifespanSeconds)).sign();
        return TokenResponse.bearer(token, lifespanSeconds);
    }
}
