package cloud.yuntu.task;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs a pass when woken ({@link #wake()}), and otherwise {@code interval} after the previous one
 * finished, as a safety net for a wake-up that never came. Passes never overlap: a wake-up during
 * a pass runs one more pass right after it, however many wake-ups came meanwhile, so a burst of
 * events costs two passes, not one each, and nothing that happened during a pass is missed (the
 * pass after it sees it). Quarkus' scheduler does not go below one second and cannot be woken.
 */
public final class PassLoop {

    private static final Logger LOG = Logger.getLogger(PassLoop.class);

    private final Vertx vertx;
    private final String name;
    private final Duration interval;
    private final java.util.function.Supplier<Uni<?>> pass;

    /** Guarded by {@code this}. */
    private boolean started;
    private boolean passing;
    private boolean again;
    private long timer = -1;

    public PassLoop(Vertx vertx, String name, Duration interval, java.util.function.Supplier<Uni<?>> pass) {
        this.vertx = vertx;
        this.name = name;
        this.interval = interval;
        this.pass = pass;
    }

    public synchronized void start() {
        if (!started) {
            started = true;
            schedule(interval);
        }
    }

    public synchronized void stop() {
        started = false;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Runs a pass now, or right after the one running; a no-op before {@link #start()} and after {@link #stop()}. */
    public void wake() {
        boolean runNow;
        synchronized (this) {
            if (!started) {
                return;
            }
            if (passing) {
                again = true;
                return;
            }
            runNow = timer < 0 || vertx.cancelTimer(timer);
            if (runNow) {
                timer = -1;
                passing = true;
            }
        }
        // When the timer could not be cancelled it is firing right now: that pass is the one asked for.
        if (runNow) {
            vertx.runOnContext(this::run);
        }
    }

    private synchronized void schedule(Duration delay) {
        timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            synchronized (this) {
                if (timer != id || passing || !started) {
                    return;
                }
                timer = -1;
                passing = true;
            }
            run();
        });
    }

    private void run() {
        Uni.createFrom().deferred(pass)
                .onFailure().invoke(e -> {
                    // Passes cut short by shutdown (the pool closes under them) are not worth a warning.
                    if (started) {
                        LOG.warnf("%s pass failed, the next one retries: %s", name, e.toString());
                    }
                })
                .onTermination().invoke(this::finished)
                .subscribe().with(done -> { }, failed -> { });
    }

    private void finished() {
        boolean runAgain;
        synchronized (this) {
            runAgain = started && again;
            again = false;
            passing = runAgain;
            if (started && !runAgain) {
                schedule(interval);
            }
        }
        if (runAgain) {
            vertx.runOnContext(this::run);
        }
    }
}
