package cloud.yuntu.task;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a pass again {@code interval} after the previous one finished. Quarkus' scheduler does
 * not go below one second, and the dispatcher and the outbox relay want half a second or less;
 * waiting for the previous pass also means passes never overlap.
 */
public final class PassLoop {

    private static final Logger LOG = Logger.getLogger(PassLoop.class);

    private final Vertx vertx;
    private final String name;
    private final Duration interval;
    private final Supplier<Uni<?>> pass;
    private final AtomicBoolean running = new AtomicBoolean();

    public PassLoop(Vertx vertx, String name, Duration interval, Supplier<Uni<?>> pass) {
        this.vertx = vertx;
        this.name = name;
        this.interval = interval;
        this.pass = pass;
    }

    public void start() {
        if (running.compareAndSet(false, true)) {
            next();
        }
    }

    public void stop() {
        running.set(false);
    }

    private void next() {
        if (!running.get()) {
            return;
        }
        vertx.setTimer(Math.max(1, interval.toMillis()), id -> Uni.createFrom().deferred(pass)
                .onFailure().invoke(e -> {
                    // Passes cut short by shutdown (the pool closes under them) are not worth a warning.
                    if (running.get()) {
                        LOG.warnf("%s pass failed, the next one retries: %s", name, e.toString());
                    }
                })
                .onTermination().invoke(this::next)
                .subscribe().with(done -> { }, failed -> { }));
    }
}
