package cloud.yuntu.agent.job;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.heartbeat.NodeGpus;
import cloud.yuntu.platform.client.HardwareTier;
import cloud.yuntu.platform.client.ServiceCredentials;
import cloud.yuntu.platform.client.TierApi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Keeps the pools the agent serves ({@link JobIntakes#serve}) what {@link PoolFit} makes of the tiers: read from
 * task-service at start, retried with backoff until it answers, then again every
 * {@code yuntu.agent.tier-refresh-interval}. A failed refresh keeps the pools as they are. Each pool skipped is
 * logged once, with what it misses, and again only when that changes.
 */
@ApplicationScoped
public class PoolServing {

    private static final Logger LOG = Logger.getLogger(PoolServing.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final AgentConfig config;
    private final NodeGpus gpus;
    private final JobIntakes intakes;
    private final TierApi tiers;
    private final ServiceCredentials credentials;
    /** What was last said about each pool skipped, so the same reason is not logged every minute. */
    private final Map<String, String> said = new HashMap<>();
    private volatile boolean tiersRead;
    private ScheduledExecutorService timer;
    private Cancellable firstRead;

    PoolServing(AgentConfig config, NodeGpus gpus, JobIntakes intakes, @RestClient TierApi tiers,
                ServiceCredentials credentials) {
        this.config = config;
        this.gpus = gpus;
        this.intakes = intakes;
        this.tiers = tiers;
        this.credentials = credentials;
    }

    /** Serves what is known without the tiers at once, then reads them. */
    public synchronized void start() {
        apply(Optional.empty());
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tier-refresh").daemon().factory());
        firstRead = tiers.list()
                .onFailure().invoke(e -> failed("Tiers not read from task-service, trying again", e))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                .subscribe().with(answer -> {
                    apply(Optional.of(answer));
                    long every = config.tierRefreshInterval().toMillis();
                    schedule(every);
                }, e -> LOG.errorf("Tiers never read: %s", e.toString()));
    }

    private synchronized void schedule(long every) {
        if (timer != null && !timer.isShutdown()) {
            timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (firstRead != null) {
            firstRead.cancel();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The tiers were read at least once: the pools served are the tiers' verdict, not the guess without them. */
    public boolean tiersRead() {
        return tiersRead;
    }

    private void refresh() {
        try {
            apply(Optional.of(tiers.list().await().atMost(REQUEST_TIMEOUT)));
        } catch (RuntimeException e) {
            // The pools stay as the last tiers read made them; the next refresh tries again.
            failed("Tiers not read again from task-service; the pools served stay " + intakes.pools(), e);
        }
    }

    private void failed(String what, Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 401) {
            // Expired early or revoked: the next attempt fetches a fresh token.
            credentials.invalidate();
        }
        LOG.warnf("%s: %s", what, e.toString());
    }

    private synchronized void apply(Optional<List<HardwareTier>> read) {
        if (timer != null && timer.isShutdown()) {
            return;
        }
        PoolFit fit = PoolFit.of(read, config.pools(), gpus.list());
        if (read.isPresent()) {
            tiersRead = true;
        }
        said.keySet().retainAll(fit.skipped().keySet());
        fit.skipped().forEach((pool, reason) -> {
            if (!reason.equals(said.put(pool, reason))) {
                if (read.isEmpty()) {
                    LOG.infof("Pool %s not served until the tiers are read: %s", pool, reason);
                } else {
                    LOG.warnf("Pool %s not served: %s", pool, reason);
                }
            }
        });
        List<String> before = intakes.pools();
        intakes.serve(fit.served());
        if (!before.equals(fit.served())) {
            LOG.infof("Serving pools %s of %s (yuntu.agent.pools)%s", fit.served(), config.pools(),
                    read.isEmpty() ? ", tiers not read yet" : "");
        }
    }
}
