package cloud.yuntu.gateway.admin;

import cloud.yuntu.gateway.push.ClientMessages;
import cloud.yuntu.gateway.push.CloseCodes;
import cloud.yuntu.gateway.push.PushConfig;
import cloud.yuntu.gateway.push.SocketAdmission;
import cloud.yuntu.platform.identity.Caller;
import io.quarkus.websockets.next.CloseReason;
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
 * {@code /ws/admin}: the farm's push, live, for operators: a {@code monitor} message at once and
 * then every {@link MonitorConfig#interval()}, with the figures of {@code GET /api/admin/push/stats}
 * and the users of {@code GET /api/admin/push/users}, summed over every live replica.
 *
 * <p>The handshake passes the checks of {@code /ws} (origin, {@code access_token}; 1008 with the
 * reason otherwise), then the {@code admin} role: a valid token without it is closed with 4003
 * ({@link CloseCodes#NOT_AN_OPERATOR}). {@code {"event":"ping"}} is answered {@code pong}, anything
 * else with an {@code error}, as on {@code /ws}.
 */
@WebSocket(path = "/ws/admin")
public class MonitorSocket {

    private final Monitors monitors;
    private final SocketAdmission admission;
    private final Clock clock = Clock.systemUTC();
    private final int clientMessageLimit;

    MonitorSocket(Monitors monitors, SocketAdmission admission, PushConfig push) {
        this.monitors = monitors;
        this.admission = admission;
        this.clientMessageLimit = push.clientMessageLimit();
    }

    /** Blocking on purpose (a worker thread): verifying a token may fetch the provider's keys. */
    @OnOpen
    public void open(WebSocketConnection connection) {
        Caller caller;
        try {
            caller = admission.admit(connection.handshakeRequest());
        } catch (SocketAdmission.Refused e) {
            SocketAdmission.refuse(connection, new CloseReason(CloseCodes.REFUSED, e.getMessage()));
            return;
        }
        if (!caller.isAdmin()) {
            SocketAdmission.refuse(connection, CloseCodes.NOT_AN_OPERATOR);
            return;
        }
        monitors.add(connection);
    }

    @OnTextMessage
    public void message(String text, WebSocketConnection connection) {
        if (text.getBytes(StandardCharsets.UTF_8).length > clientMessageLimit) {
            monitors.close(connection, CloseCodes.tooBig(clientMessageLimit));
            return;
        }
        monitors.heard(connection);
        monitors.reply(connection, ClientMessages.answer(text, clock.instant()));
    }

    @OnPongMessage
    public void pong(Buffer data, WebSocketConnection connection) {
        monitors.heard(connection);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        monitors.remove(connection);
    }
}
