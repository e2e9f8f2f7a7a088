package cloud.yuntu.agent;

import cloud.yuntu.agent.command.AgentCommands;
import cloud.yuntu.agent.heartbeat.Heartbeats;
import cloud.yuntu.agent.job.JobIntakes;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.agent.report.EventProducer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import org.jboss.logging.Logger;

/**
 * Starts and stops the agent's parts in the order that loses nothing: on stop, commands first
 * (no new orders), then intake (renderers killed, their jobs released to other agents), then
 * the STOPPED heartbeat, then the producer is flushed.
 */
@ApplicationScoped
public class AgentLifecycle {

    private static final Logger LOG = Logger.getLogger(AgentLifecycle.class);

    private final AgentConfig config;
    private final AgentIdentity identity;
    private final JobIntakes intakes;
    private final Heartbeats heartbeats;
    private final AgentCommands commands;
    private final EventProducer producer;

    AgentLifecycle(AgentConfig config, AgentIdentity identity, JobIntakes intakes, Heartbeats heartbeats,
                   AgentCommands commands, EventProducer producer) {
        this.config = config;
        this.identity = identity;
        this.intakes = intakes;
        this.heartbeats = heartbeats;
        this.commands = commands;
        this.producer = producer;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        Files.createDirectories(config.workDir());
        LOG.infof("Render agent %s: pools %s, %d slot(s), work dir %s", identity.id(), config.pools(), config.slots(),
                config.workDir().toAbsolutePath());
        // Resolved now so a packaging mistake shows at start, not at the first simulated job.
        LOG.infof("Simulated renderer class path: %s", RenderCommand.simulatorClasspath());
        commands.start();
        intakes.start();
        heartbeats.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        commands.stop();
        intakes.stop();
        heartbeats.stop();
        producer.flush();
    }
}
