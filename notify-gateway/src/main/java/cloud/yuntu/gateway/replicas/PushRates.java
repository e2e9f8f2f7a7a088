package cloud.yuntu.gateway.replicas;

import cloud.yuntu.gateway.push.PushMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Messages sent per second and stream records numbered per second by this replica over the last
 * minute, read off the Micrometer counters {@code /q/metrics} shows (each sampled every second),
 * so the operators' figures and Prometheus' agree.
 */
@Startup
@ApplicationScoped
class PushRates {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final long SAMPLE_EVERY_MILLIS = 1000;

    private final Counter sent;
    private final Counter numbered;
    private final CounterRate sentRate = new CounterRate(WINDOW);
    private final CounterRate numberedRate = new CounterRate(WINDOW);
    private final Clock clock = Clock.systemUTC();
    private final Vertx vertx;
    private final long timer;

    PushRates(PushMeters meters, MeterRegistry registry, Vertx vertx) {
        this.sent = meters.sentCounter();
        // Registered by StreamSequencer under this name; asking for it again returns the same counter.
        this.numbered = registry.counter("yuntu.gateway.stream.records");
        this.vertx = vertx;
        sample();
        this.timer = vertx.setPeriodic(SAMPLE_EVERY_MILLIS, ignored -> sample());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }

    private void sample() {
        var now = clock.instant();
        sentRate.sample(now, sent.count());
        numberedRate.sample(now, numbered.count());
    }

    double messagesSentPerSecond() {
        return sentRate.perSecond();
    }

    double recordsNumberedPerSecond() {
        return numberedRate.perSecond();
    }

    double messagesSent() {
        return sent.count();
    }

    double recordsNumbered() {
        return numbered.count();
    }
}
