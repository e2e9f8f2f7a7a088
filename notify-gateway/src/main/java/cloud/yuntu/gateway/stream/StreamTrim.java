package cloud.yuntu.gateway.stream;

import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Applies the streams' retention every {@code yuntu.gateway.streams.trim-interval}, to their events
 * and to the task owners learnt from them. Every replica does; deleting what another replica
 * deleted already is harmless.
 */
@Startup
@ApplicationScoped
public class StreamTrim {

    private static final Logger LOG = Logger.getLogger(StreamTrim.class);

    private final StreamLog log;
    private final StreamConfig config;
    private final Vertx vertx;
    private final Clock clock = Clock.systemUTC();
    private final long timer;

    StreamTrim(StreamLog log, StreamConfig config, Vertx vertx) {
        this.log = log;
        this.config = config;
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(config.trimInterval().toMillis(), ignored -> trim());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }

    void trim() {
        Instant cutoff = clock.instant().minus(config.retention());
        log.trim(cutoff, config.maxEventsPerStream())
                .subscribe().with(
                        removed -> LOG.debugf("Removed %d stream events past their retention", removed),
                        failure -> LOG.warnf("Applying the streams' retention failed: %s", failure.toString()));
        // A task with no event for as long as events are kept renders nothing whose log anyone could follow.
        log.trimOwners(cutoff)
                .subscribe().with(
                        removed -> LOG.debugf("Forgot the owners of %d tasks without events within the retention", removed),
                        failure -> LOG.warnf("Forgetting the owners of quiet tasks failed: %s", failure.toString()));
    }
}
