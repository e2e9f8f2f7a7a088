package cloud.yuntu.gateway.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway fans events out to WebSocket clients. */
@ConfigMapping(prefix = "yuntu.gateway.push")
public interface PushConfig {

    /**
     * Messages that may wait for one client before its connection is dropped. A client this far
     * behind is not reading; holding more for it would only grow memory without helping it.
     */
    @WithDefault("256")
    int sendQueueLimit();

    /**
     * How long a connection may stay silent (no pong to the server's pings, no message) before it
     * is closed. Twice the ping interval ({@code quarkus.websockets-next.server.auto-ping-interval},
     * 30 s), so one lost pong is forgiven.
     */
    @WithDefault("60s")
    Duration silenceTimeout();

    /**
     * The largest message a client may send, in bytes of UTF-8; a larger one closes the connection
     * with 1009. Clients send only small control messages ({@code {"event":"ping"}}). Frames over
     * {@code quarkus.websockets-next.server.max-frame-size} are refused before they are read.
     */
    @WithDefault("4096")
    int clientMessageLimit();
}
