package cloud.yuntu.gateway.push;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.TokenCheck;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code /ws}: live task events and notifications as {@link Envelope}s, each connection only its
 * caller's own (admins: everybody's). Query parameters: {@code access_token} (required, a bearer
 * token; an {@code Authorization: Bearer} header is accepted from clients that can set one) and
 * {@code taskId} (only that task's events).
 *
 * <p>A handshake that cannot be served is accepted and then closed at once with code 1008 and a
 * reason saying why: a browser's script sees a close reason, never the status of a refused upgrade.
 * No event reaches a connection before all checks passed.
 */
@WebSocket(path = "/ws")
public class PushSocket {

    /** 1008 "policy violation" is the generic code for a request the endpoint refuses. */
    static final int REFUSED = 1008;

    private static final Logger LOG = Logger.getLogger(PushSocket.class);

    private final Subscribers subscribers;
    private final TokenCheck tokens;
    private final OriginPolicy origins;

    PushSocket(Subscribers subscribers, TokenCheck tokens, EdgeConfig config) {
        this.subscribers = subscribers;
        this.tokens = tokens;
        this.origins = new OriginPolicy(config.allowedOrigins().orElse(List.of()));
    }

    /** Blocking on purpose (a worker thread): verifying a token may fetch the provider's keys. */
    @OnOpen
    public void open(WebSocketConnection connection) {
        HandshakeRequest handshake = connection.handshakeRequest();
        String origin = handshake.header("Origin");
        if (!origins.allows(origin, handshake.header("Host"))) {
            refuse(connection, "origin not allowed: " + abbreviate(origin));
            return;
        }
        Caller caller;
        Subscription subscription;
        try {
            caller = caller(handshake);
            subscription = Subscription.parse(caller, handshake.query());
        } catch (ProblemException e) {
            refuse(connection, "unauthorized: " + e.problem().detail());
            return;
        } catch (Subscription.InvalidSubscription e) {
            refuse(connection, e.getMessage());
            return;
        }
        if (!subscribers.add(connection, subscription)) {
            refuse(connection, "too many connections: at most " + subscribers.connectionsPerCaller() + " per user");
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        subscribers.remove(connection);
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

    private static void refuse(WebSocketConnection connection, String reason) {
        LOG.debugf("Refused WebSocket %s: %s", connection.id(), reason);
        connection.closeAndAwait(new CloseReason(REFUSED, reason));
    }

    /** A close reason must fit into 123 bytes of UTF-8, and an origin is the client's to choose. */
    private static String abbreviate(String value) {
        String ascii = value.replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() <= 60 ? ascii : ascii.substring(0, 57) + "...";
    }
}
