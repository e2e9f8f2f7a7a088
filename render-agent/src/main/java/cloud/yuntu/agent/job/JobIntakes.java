package cloud.yuntu.agent.job;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.AgentIdentity;
import cloud.yuntu.agent.KafkaConfig;
import cloud.yuntu.agent.heartbeat.InstalledRenderers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** One {@link JobIntake} thread per configured pool, each reading the lanes of this agent's renderers. */
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
    private final List<JobIntake> intakes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

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

    /** Starts one intake per lane the agent serves (pool × installed renderer); after {@link #stop()} it starts afresh. */
    public synchronized void start() {
        intakes.clear();
        threads.clear();
        JobIntake.IntakeSettings settings = new JobIntake.IntakeSettings(kafka.bootstrapServers(), identity.id(),
                slots.total(), config.shareGroup().recordLockDuration(), config.shareGroup().renewInterval(),
                config.shareGroup().pollTimeout(), STOP_GRACE, config.shareGroup().metadataMaxAge());
        JobCheck check = new JobCheck(renderers, identity.id());
        for (String pool : config.pools()) {
            for (String renderer : renderers.names()) {
                JobIntake intake = new JobIntake(pool.trim(), renderer, settings, slots, runner, check);
                intakes.add(intake);
                threads.add(Thread.ofPlatform().name("job-intake-" + pool.trim() + "." + renderer).start(intake));
            }
        }
    }

    /** Every pool's share group is configured and its consumer joined (or left only for want of capacity). */
    public synchronized boolean ready() {
        return !intakes.isEmpty() && intakes.stream().allMatch(JobIntake::ready);
    }

    /** Stops intake, kills running renderers and hands their jobs back to the share groups. */
    public synchronized void stop() {
        intakes.forEach(JobIntake::stop);
        running.abortAll();
        for (Thread thread : threads) {
            try {
                thread.join(STOP_GRACE.plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while stopping job intake");
                return;
            }
        }
    }
}
