package cloud.yuntu.agent;

import cloud.yuntu.agent.command.AgentCommands;
import cloud.yuntu.agent.heartbeat.DeclaredGpus;
import cloud.yuntu.agent.heartbeat.Heartbeats;
import cloud.yuntu.agent.heartbeat.InstalledRenderers;
import cloud.yuntu.agent.job.JobIntakes;
import cloud.yuntu.agent.job.PoolServing;
import cloud.yuntu.agent.render.ImageCheck;
import cloud.yuntu.agent.render.RenderCommand;
import cloud.yuntu.agent.report.EventProducer;
import cloud.yuntu.platform.client.CredentialsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import org.jboss.logging.Logger;

/**
 * Starts and stops the agent's parts in the order that loses nothing: on stop, commands first
 * (no new orders), then the tier refresh (no pool joined any more), then intake (renderers killed, their jobs released to other agents), then
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
    private final CredentialsConfig credentials;
    private final InstalledRenderers renderers;
    private final DeclaredGpus gpus;
    private final PoolServing serving;

    AgentLifecycle(AgentConfig config, AgentIdentity identity, JobIntakes intakes, Heartbeats heartbeats,
                   AgentCommands commands, EventProducer producer, CredentialsConfig credentials,
                   InstalledRenderers renderers, DeclaredGpus gpus, PoolServing serving) {
        this.config = config;
        this.identity = identity;
        this.intakes = intakes;
        this.heartbeats = heartbeats;
        this.commands = commands;
        this.producer = producer;
        this.credentials = credentials;
        this.renderers = renderers;
        this.gpus = gpus;
        this.serving = serving;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        Files.createDirectories(config.workDir());
        LOG.infof("Render agent %s: pools %s configured, %d slot(s), work dir %s", identity.id(), config.pools(), config.slots(),
                config.workDir().toAbsolutePath());
        // Read now so that a malformed renderer or GPU setting stops the agent at start, not its heartbeats.
        LOG.infof("Renderers %s%s; GPUs %s", renderers.list().stream().map(r -> r.renderer() + " " + r.version()).toList(),
                config.maya().simulate() ? " (Maya's stood in for by the simulated renderer)" : "",
                gpus.list().stream().map(g -> g.model() + " " + (g.memoryBytes() >> 20) + " MiB").toList());
        // Resolved now so a packaging mistake shows at start, not at the first simulated job.
        LOG.infof("Simulated renderer class path: %s", RenderCommand.simulatorClasspath());
        // Loaded now: a node that cannot check OpenEXR outputs says so at start, and the libraries are
        // extracted once, before simulator processes (which load them too) run side by side.
        LOG.infof("OpenEXR output check: %s", ImageCheck.loadExrDecoder());
        checkCredential();
        commands.start();
        intakes.start();
        // Joins the pools the node is known to meet now, and the others once the tiers say it meets them.
        serving.start();
        heartbeats.start();
    }

    /** Said at start, not at the first job, so that an operator sees a node that can fetch nothing. */
    private void checkCredential() {
        if (credentials.tokenUrl().isEmpty() || credentials.clientId().isEmpty() || credentials.clientSecret().isEmpty()) {
            LOG.warn("No agent credential (yuntu.credentials.token-url, client-id, client-secret): file-service will "
                    + "refuse every presign of this agent with 401 and its frames will fail");
        } else if (!credentials.clientId().get().equals(identity.id())) {
            LOG.warnf("Credential client id %s differs from agent id %s; the farm knows this agent's file access "
                    + "by the client id", credentials.clientId().get(), identity.id());
        } else {
            LOG.infof("Agent credential: client id %s at %s", credentials.clientId().get(), credentials.tokenUrl().get());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        commands.stop();
        serving.stop();
        intakes.stop();
        heartbeats.stop();
        producer.flush();
    }
}
