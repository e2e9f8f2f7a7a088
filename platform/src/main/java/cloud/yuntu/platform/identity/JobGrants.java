package cloud.yuntu.platform.identity;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signs and checks {@link JobGrant}s: HS256 tokens with a secret only task-service and
 * file-service hold ({@code yuntu.identity.job-grant-secret}). They are independent of the
 * identity provider on purpose: with users' tokens coming from an OpenID Connect provider, the
 * farm still vouches for its own jobs.
 */
@ApplicationScoped
public class JobGrants {

    static final String ISSUER = "yuntu-task-service";
    static final String AUDIENCE = "yuntu-job-grant";
    /** HS256 wants a key of at least 256 bits. */
    static final int MIN_SECRET_LENGTH = 32;

    private final Optional<String> secret;
    private final JWTParser parser;

    JobGrants(@ConfigProperty(name = "yuntu.identity.job-grant-secret") Optional<String> secret, JWTParser parser) {
        this.secret = secret.filter(s -> !s.isBlank());
        this.parser = parser;
        this.secret.ifPresent(s -> {
            if (s.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("yuntu.identity.job-grant-secret must have at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
        });
    }

    /** A grant valid for {@code lifetime}. */
    public String sign(JobGrant grant, Duration lifetime) {
        var claims = Jwt.issuer(ISSUER).audience(AUDIENCE).subject(grant.taskId().toString())
                .claim("scene", grant.sceneKey()).claim("results", grant.resultKeyPrefix());
        if (grant.ownerId() != null) {
            claims.claim("owner", grant.ownerId());
        }
        return claims.expiresIn(lifetime)
                .jws().algorithm(SignatureAlgorithm.HS256).sign(key());
    }

    /** The grant a token carries, or empty when it is not one of ours, expired or tampered with. */
    public Optional<JobGrant> verify(String token) {
        if (token == null || token.isBlank() || secret.isEmpty()) {
            return Optional.empty();
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setSecretVerificationKey(key());
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        context.setIssuedBy(ISSUER);
        context.setExpectedAudience(Set.of(AUDIENCE));
        try {
            JsonWebToken jwt = parser.parse(token, context);
            String scene = jwt.getClaim("scene");
            String results = jwt.getClaim("results");
            if (scene == null || results == null) {
                return Optional.empty();
            }
            String owner = jwt.getClaim("owner");
            return Optional.of(new JobGrant(UUID.fromString(jwt.getSubject()), owner, scene, results));
        } catch (ParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private SecretKey key() {
        String value = secret.orElseThrow(() -> new IllegalStateException(
                "yuntu.identity.job-grant-secret is not set: jobs cannot carry file access for agents"));
        return new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
