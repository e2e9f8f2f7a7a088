package cloud.yuntu.platform.identity;

import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Verifies a bearer token where no JAX-RS security runs: the plain Vert.x routes that stream
 * uploads, the gateway's proxy and its WebSocket handshake. Same verifier and settings as
 * MicroProfile JWT uses for the resources ({@code mp.jwt.verify.*}), so a token passes here
 * exactly when it passes there.
 */
@ApplicationScoped
public class TokenCheck {

    private static final Logger LOG = Logger.getLogger(TokenCheck.class);
    private static final String BEARER = "bearer ";

    private final JWTParser parser;

    TokenCheck(JWTParser parser) {
        this.parser = parser;
    }

    /**
     * @param authorization the {@code Authorization} header as sent, may be null
     * @throws ProblemException 401 when there is no bearer token or it does not verify
     */
    public Caller fromHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ProblemException.unauthorized("a bearer token is required (Authorization: Bearer <token>)");
        }
        return fromToken(authorization.substring(BEARER.length()).strip());
    }

    /** @throws ProblemException 401 when the token is missing or does not verify */
    public Caller fromToken(String token) {
        if (token == null || token.isBlank()) {
            throw ProblemException.unauthorized("a bearer token is required");
        }
        try {
            return Callers.of(parser.parse(token));
        } catch (ParseException e) {
            // The reason (expired, bad signature, wrong issuer) is for the operator's log, not the client.
            LOG.debugf("Token refused: %s", e.getMessage());
            throw ProblemException.unauthorized("the bearer token is invalid or expired");
        }
    }
}
