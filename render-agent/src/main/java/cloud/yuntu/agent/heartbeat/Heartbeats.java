package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.AgentIdentity;
import cloud.yuntu.agent.job.JobIntakes;
import cloud.yuntu.agent.job.RunningFrames;
import cloud.yuntu.agent.job.Slots;
import cloud.yuntu.agent.report.EventProducer;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.agent.AgentHeartbeat.AgentState;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The agent's state on the compacted farm.agent-heartbeats (key agentId) every interval, and a
 * final STOPPED one on a graceful stop so task-service stops counting this node's slots at once.
 */
@ApplicationScoped
public class Heartbeats {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);
    private static final Duration STOPPED_TIMEOUT = Duration.ofSeconds(5);

    private final AgentConfig config;
    private final AgentIdentity identity;
    private final Slots slots;
    private final RunningFrames running;
    private final InstalledRenderers renderers;
    private final NodeGpus gpus;
    private final EventProducer producer;
    private final JobIntakes intakes;
    private ScheduledExecutorService timer;

    Heartbeats(AgentConfig config, AgentIdentity identity, Slots slots, RunningFrames running,
               InstalledRenderers renderers, NodeGpus gpus, EventProducer producer, JobIntakes intakes) {
        this.config = config;
        this.identity = identity;
        this.slots = slots;
        this.running = running;
        this.renderers = renderers;
        this.gpus = gpus;
        this.producer = producer;
        this.intakes = intakes;
    }

    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeats").daemon().factory());
        long every = config.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer and says goodbye; waits for the broker so the goodbye is not lost on exit. */
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            // Bounded: with the broker gone the goodbye is lost anyway, and the stop must fit the grace period.
            producer.sendAndWait(Topics.AGENT_HEARTBEATS, identity.id(), heartbeat(AgentState.STOPPED), STOPPED_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("STOPPED heartbeat not confirmed: %s", e.getMessage());
        }
    }

    private void beat() {
        try {
            producer.send(Topics.AGENT_HEARTBEATS, identity.id(),
                    heartbeat(slots.draining() ? AgentState.DRAINING : AgentState.ACTIVE));
        } catch (RuntimeException e) {
            // A missed beat is made up by the next one; the timer must survive it.
            LOG.warnf("Heartbeat not sent: %s", e.getMessage());
        }
    }

    AgentHeartbeat heartbeat(AgentState state) {
        List<UUID> frames = running.frameIds();
        // The pools served, not those configured: task-service counts these slots for a pool's jobs, and a pool
        // this node's GPUs do not meet, or one being left, takes nothing from it.
        return new AgentHeartbeat(UUID.randomUUID(), Instant.now(), identity.id(), identity.host(),
                intakes.pools(), Runtime.getRuntime().availableProcessors(), physicalMemory(), gpus.list(),
                renderers.list(), slots.total(), state == AgentState.STOPPED ? 0 : slots.free(), frames, state);
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
