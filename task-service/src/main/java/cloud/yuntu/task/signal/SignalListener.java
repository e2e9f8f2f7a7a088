package cloud.yuntu.task.signal;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Listens to the {@link Signals} channels on a connection of its own and wakes the passes that
 * asked for them. Notifications sent while the connection is down are lost, so every listener is
 * woken whenever the channel is (re)subscribed; the passes' own timers cover the gap until then.
 */
@ApplicationScoped
public class SignalListener {

    private static final Logger LOG = Logger.getLogger(SignalListener.class);
    /** Reconnect after this long, for ever: the passes' timers keep the farm going meanwhile. */
    private static final long RECONNECT_DELAY_MS = 1000;

    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private final String url;
    private final String username;
    private final String password;
    private PgSubscriber subscriber;

    public SignalListener(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.url = url;
        this.username = username;
        this.password = password.orElse(null);
    }

    /** Runs {@code wake} on every notification of {@code channel} and after every (re)subscription. */
    public void on(String channel, Runnable wake) {
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(wake);
    }

    void start(@Observes StartupEvent started, Vertx vertx) {
        subscriber = PgSubscriber.subscriber(vertx, connectOptions(url).setUser(username).setPassword(password))
                .reconnectPolicy(retries -> RECONNECT_DELAY_MS);
        for (String channel : List.of(Signals.DISPATCH, Signals.OUTBOX)) {
            subscriber.channel(channel)
                    .subscribeHandler(() -> wake(channel))
                    .handler(payload -> wake(channel));
        }
        // The first connection is retried like a lost one: a database still starting must not leave
        // the service deaf for good.
        subscriber.connect()
                .onFailure().invoke(e -> LOG.warnf("Not listening for signals yet (passes run on their timers): %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(RECONNECT_DELAY_MS), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(connected -> LOG.debug("Listening for dispatch and outbox signals"), failed -> { });
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    private void wake(String channel) {
        listeners.getOrDefault(channel, List.of()).forEach(Runnable::run);
    }

    /** The reactive datasource URL, with or without Quarkus' {@code vertx-reactive:} prefix. */
    static PgConnectOptions connectOptions(String url) {
        String plain = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        return PgConnectOptions.fromUri(plain);
    }
}
