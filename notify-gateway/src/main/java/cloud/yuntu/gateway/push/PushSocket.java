package cloud.yuntu.gateway.push;

import cloud.yuntu.platform.identity.Caller;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code /ws}: live task events and notifications as {@link Envelope}s, each connection only its
 * caller's own (admins: everybody's). Query parameters: {@code access_token} (required, a bearer
 * token; an {@code Authorization: Bearer} header is accepted from clients that can set one) and
 * {@code taskId} (only that task's events).
 *
 * <p>The client may send {@code {"event":"ping"}} (answered {@code pong}); any other message gets
 * an {@code error} and the connection stays. The server pings every
 * {@code quarkus.websockets-next.server.auto-ping-interval}; a client heard from neither by pong nor
 * by message for {@code yuntu.gateway.push.silence-timeout} is closed ({@link Subscribers}).
 *
 * <p>A handshake that cannot be served is accepted and then closed at once with code 1008 and a
 * reason saying why: a browser's script sees a close reason, never the status of a refused upgrade.
 * No event reaches a connection before all checks passed.
 */
@WebSocket(path = "/ws")
public class PushSocket {

    private final Subscribers subscribers;
    private final SocketAdmission admission;
    private final Clock clock = Clock.systemUTC();
    private final int clientMessageLimit;

    PushSocket(Subscribers subscribers, SocketAdmission admission, PushConfig push) {
        this.subscribers = subscribers;
        this.admission = admission;
        this.clientMessageLimit = push.clientMessageLimit();
    }

    /** Blocking on purpose (a worker thread): verifying a token may fetch the provider's keys. */
    @OnOpen
    public void open(WebSocketConnection connection) {
        HandshakeRequest handshake = connection.handshakeRequest();
        Subscription subscription;
        try {
            Caller caller = admission.admit(handshake);
            subscription = Subscription.parse(caller, handshake.query());
        } catch (SocketAdmission.Refused | Subscription.InvalidSubscription e) {
            SocketAdmission.refuse(connection, new CloseReason(CloseCodes.REFUSED, e.getMessage()));
            return;
        }
        subscribers.add(connection, subscription);
    }

    /** A client's own message: {@code {"event":"ping"}} gets a pong, anything else an error saying why. */
    @OnTextMessage
    public void message(String text, WebSocketConnection connection) {
        if (text.getBytes(StandardCharsets.UTF_8).length > clientMessageLimit) {
            subscribers.close(connection, CloseCodes.tooBig(clientMessageLimit), PushMeters.Closed.TOO_BIG);
            return;
        }
        subscribers.heard(connection);
        subscribers.reply(connection, ClientMessages.answer(text, clock.instant()));
    }

    /** A pong (browsers answer the server's pings by themselves) shows the client is still there. */
    @OnPongMessage
    public void pong(Buffer data, WebSocketConnection connection) {
        subscribers.heard(connection);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        subscribers.remove(connection);
    }
}
