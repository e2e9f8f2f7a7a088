package cloud.yuntu.gateway.push;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.TokenCheck;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The checks every WebSocket handshake of the gateway passes before anything is sent on it: the
 * page's {@code Origin} ({@link OriginPolicy}), then the caller's token, from {@code access_token}
 * (browsers cannot set headers on a WebSocket) or an {@code Authorization: Bearer} header. Blocking
 * (a worker thread): verifying a token may fetch the provider's keys.
 */
@ApplicationScoped
public class SocketAdmission {

    private static final Logger LOG = Logger.getLogger(SocketAdmission.class);

    private final TokenCheck tokens;
    private final OriginPolicy origins;

    SocketAdmission(TokenCheck tokens, EdgeConfig config) {
        this.tokens = tokens;
        this.origins = new OriginPolicy(config.allowedOrigins().orElse(List.of()));
    }

    /** A handshake the gateway does not serve; the message is the close reason the client gets. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @return the verified caller
     * @throws Refused a foreign origin, or no, an expired or a bad token
     */
    public Caller admit(HandshakeRequest handshake) throws Refused {
        String origin = handshake.header("Origin");
        if (!origins.allows(origin, handshake.header("Host"))) {
            throw new Refused("origin not allowed: " + abbreviate(origin));
        }
        try {
            return caller(handshake);
        } catch (ProblemException e) {
            throw new Refused("unauthorized: " + e.problem().detail());
        }
    }

    /**
     * Closes a handshake that cannot be served with the reason: a browser's script sees a close
     * reason, never the status of a refused upgrade.
     */
    public static void refuse(WebSocketConnection connection, CloseReason reason) {
        LOG.debugf("Refused WebSocket %s: %s", connection.id(), reason.getMessage());
        connection.closeAndAwait(reason);
    }

    private Caller caller(HandshakeRequest handshake) {
        String token = Subscription.accessToken(handshake.query());
        if (token == null) {
            String authorization = handshake.header("Authorization");
            if (authorization != null) {
                return tokens.fromHeader(authorization);
            }
            throw ProblemException.unauthorized("the access_token query parameter is required");
        }
        return tokens.fromToken(token);
    }

    /** A close reason must fit into 123 bytes of UTF-8, and an origin is the client's to choose. */
    private static String abbreviate(String value) {
        String ascii = value.replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() <= 60 ? ascii : ascii.substring(0, 57) + "...";
    }
}
