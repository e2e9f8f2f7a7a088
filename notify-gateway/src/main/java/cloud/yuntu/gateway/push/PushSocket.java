package cloud.yuntu.gateway.push;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * {@code /ws}: live task events and notifications as {@link Envelope}s. Optional query parameters:
 * {@code taskId} (only that task's events) and {@code user} (whose notifications to receive).
 */
@WebSocket(path = "/ws")
public class PushSocket {

    /** 1008 "policy violation" is the generic code for a request the endpoint refuses. */
    static final int REFUSED = 1008;

    private final Subscribers subscribers;

    PushSocket(Subscribers subscribers) {
        this.subscribers = subscribers;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        var handshake = connection.handshakeRequest();
        Subscription subscription;
        try {
            subscription = Subscription.parse(handshake.query(), handshake.header("X-Yuntu-User"));
        } catch (Subscription.InvalidSubscription e) {
            return connection.close(new CloseReason(REFUSED, e.getMessage()));
        }
        subscribers.add(connection, subscription);
        return Uni.createFrom().voidItem();
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        subscribers.remove(connection);
    }
}
