package cloud.yuntu.gateway.push;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSocket connections of this gateway replica and what each subscribed to. Created at
 * startup so its connection gauge is on /q/metrics before the first client arrives.
 */
@Startup
@ApplicationScoped
public class Subscribers {

    private final Map<String, Subscriber> byConnection = new ConcurrentHashMap<>();
    private final PushConfig config;
    private final Clock clock = Clock.systemUTC();

    Subscribers(PushConfig config, MeterRegistry registry) {
        this.config = config;
        registry.gaugeMapSize("yuntu.gateway.websocket.connections", Tags.empty(), byConnection);
    }

    void add(WebSocketConnection connection, Subscription subscription) {
        byConnection.put(connection.id(), new Subscriber(connection, subscription, config.sendQueueLimit(), clock));
    }

    void remove(WebSocketConnection connection) {
        byConnection.remove(connection.id());
    }

    /** Hands the push to every interested connection without waiting for any of them. */
    public void publish(Push push) {
        byConnection.values().forEach(subscriber -> subscriber.offer(push));
    }
}
