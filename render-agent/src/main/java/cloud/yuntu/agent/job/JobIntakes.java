package cloud.yuntu.agent.job;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.AgentIdentity;
import cloud.yuntu.agent.KafkaConfig;
import cloud.yuntu.agent.heartbeat.InstalledRenderers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One {@link JobIntake} thread per lane the agent serves: each pool it serves ({@link PoolServing}) × each
 * renderer it has. Pools are joined and left while the agent runs, as the tiers change; a pool left finishes the
 * jobs it is rendering first.
 */
@ApplicationScoped
public class JobIntakes {

    private static final Logger LOG = Logger.getLogger(JobIntakes.class);
    /** Time for frames in upload to finish and for the handed-back ones to be released. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final AgentConfig config;
    private final AgentIdentity identity;
    private final KafkaConfig kafka;
    private final Slots slots;
    private final FrameRunner runner;
    private final RunningFrames running;
    private final InstalledRenderers renderers;
    /** Lanes of the pools served, by pool. */
    private final Map<String, List<Lane>> served = new LinkedHashMap<>();
    /** Lanes of pools left, still finishing the jobs they run. */
    private final List<Lane> leaving = new ArrayList<>();
    private List<String> wanted = List.of();
    private boolean stopped = true;

    private record Lane(JobIntake intake, Thread thread) {
    }

    JobIntakes(AgentConfig config, AgentIdentity identity, KafkaConfig kafka, Slots slots, FrameRunner runner,
               RunningFrames running, InstalledRenderers renderers) {
        this.config = config;
        this.identity = identity;
        this.kafka = kafka;
        this.slots = slots;
        this.runner = runner;
        this.running = running;
        this.renderers = renderers;
    }

    /** Starts the lanes of the pools last given to {@link #serve}; after {@link #stop()} it starts afresh. */
    public synchronized void start() {
        stopped = false;
        reconcile();
    }

    /**
     * The pools to serve from now on: the lanes of a pool not served yet are joined, those of a pool no longer in
     * {@code pools} take no new job and leave once their running jobs reported. Before {@link #start()} only noted.
     */
    public synchronized void serve(Collection<String> pools) {
        wanted = List.copyOf(pools);
        if (!stopped) {
            reconcile();
        }
    }

    /** The pools whose lanes take jobs now, for heartbeats; a pool being left is not among them. */
    public synchronized List<String> pools() {
        return List.copyOf(served.keySet());
    }

    private void reconcile() {
        leaving.removeIf(lane -> !lane.thread().isAlive());
        for (var it = served.entrySet().iterator(); it.hasNext(); ) {
            var pool = it.next();
            if (!wanted.contains(pool.getKey())) {
                LOG.infof("Leaving pool %s: its lanes take no new job and leave their share groups once the jobs "
                        + "they run have reported", pool.getKey());
                pool.getValue().forEach(lane -> lane.intake().leave());
                leaving.addAll(pool.getValue());
                it.remove();
            }
        }
        JobIntake.IntakeSettings settings = null;
        JobCheck check = null;
        for (String pool : wanted) {
            if (served.containsKey(pool)) {
                continue;
            }
            if (settings == null) {
                settings = new JobIntake.IntakeSettings(kafka.bootstrapServers(), identity.id(),
                        config.shareGroup().recordLockDuration(), config.shareGroup().renewInterval(),
                        config.shareGroup().pollTimeout(), STOP_GRACE, config.shareGroup().metadataMaxAge(),
                        config.shareGroup().deliveryCountLimit(), config.shareGroup().refusalStepBack());
                check = new JobCheck(renderers, identity.id());
            }
            List<Lane> lanes = new ArrayList<>();
            for (String renderer : renderers.names()) {
                JobIntake intake = new JobIntake(pool, renderer, settings, slots, runner, check);
                lanes.add(new Lane(intake, Thread.ofPlatform().name("job-intake-" + pool + "." + renderer).start(intake)));
            }
            served.put(pool, lanes);
        }
    }

    /** Every served lane's share group is configured and its consumer joined (or left only for want of capacity). */
    public synchronized boolean ready() {
        return served.values().stream().flatMap(List::stream).allMatch(lane -> lane.intake().ready());
    }

    /** Stops intake, kills running renderers and hands their jobs back to the share groups. */
    public synchronized void stop() {
        stopped = true;
        List<Lane> all = new ArrayList<>(leaving);
        served.values().forEach(all::addAll);
        served.clear();
        leaving.clear();
        all.forEach(lane -> lane.intake().stop());
        running.abortAll();
        for (Lane lane : all) {
            try {
                lane.thread().join(STOP_GRACE.plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while stopping job intake");
                return;
            }
        }
    }
}
