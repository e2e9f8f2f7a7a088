package cloud.yuntu.gateway.push;

import cloud.yuntu.gateway.limit.LimitsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSocket connections of this gateway replica and what each subscribed to, within the
 * per-user connection limit. Created at startup so its connection gauge is on /q/metrics before
 * the first client arrives.
 */
@Startup
@ApplicationScoped
public class Subscribers {

    private final Map<String, Subscriber> byConnection = new ConcurrentHashMap<>();
    /** Open connections per caller id; guarded by {@code this}, with {@link #byConnection}'s changes. */
    private final Map<String, Integer> perCaller = new HashMap<>();
    private final PushConfig config;
    private final int connectionsPerCaller;
    private final Clock clock = Clock.systemUTC();

    Subscribers(PushConfig config, LimitsConfig limits, MeterRegistry registry) {
        this.config = config;
        this.connectionsPerCaller = limits.websocketConnectionsPerUser();
        registry.gaugeMapSize("yuntu.gateway.websocket.connections", Tags.empty(), byConnection);
    }

    /**
     * Registers the connection unless its caller already has as many as allowed.
     *
     * @return false when the caller is at the limit; nothing was registered
     */
    boolean add(WebSocketConnection connection, Subscription subscription) {
        String caller = subscription.caller().id();
        Subscriber subscriber;
        synchronized (this) {
            int open = perCaller.getOrDefault(caller, 0);
            if (open >= connectionsPerCaller) {
                return false;
            }
            perCaller.put(caller, open + 1);
            subscriber = new Subscriber(connection, subscription, config.sendQueueLimit(), clock);
            byConnection.put(connection.id(), subscriber);
        }
        if (!connection.isOpen()) {
            // Closed while being opened: its close callback may have run before it was registered.
            remove(connection);
            return true;
        }
        subscriber.greet();
        return true;
    }

    void remove(WebSocketConnection connection) {
        synchronized (this) {
            Subscriber gone = byConnection.remove(connection.id());
            if (gone != null) {
                perCaller.computeIfPresent(gone.callerId(), (caller, open) -> open > 1 ? open - 1 : null);
            }
        }
    }

    int connectionsPerCaller() {
        return connectionsPerCaller;
    }

    /** Hands the push to every interested connection without waiting for any of them. */
    public void publish(Push push) {
        byConnection.values().forEach(subscriber -> subscriber.offer(push));
    }
}
