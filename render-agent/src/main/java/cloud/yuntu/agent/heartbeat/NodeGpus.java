package cloud.yuntu.agent.heartbeat;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.heartbeat.NvidiaSmi.DetectedGpu;
import cloud.yuntu.contracts.agent.AgentHeartbeat.Gpu;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The GPUs of this node, found once at start: the declared ones ({@code yuntu.agent.gpus}) when set, since an operator
 * who lists them knows better than a driver that may be misbehaving, else those nvidia-smi lists. Heartbeats report
 * them and render slots are cut from their device indices.
 */
@ApplicationScoped
public class NodeGpus {

    private static final Logger LOG = Logger.getLogger(NodeGpus.class);

    private final List<Gpu> gpus;
    private final List<Integer> devices;

    @Inject
    NodeGpus(AgentConfig config, DeclaredGpus declared) {
        this(declared.list(), declared.list().isEmpty()
                ? NvidiaSmi.detect(config.gpu().smiExecutable(), config.gpu().smiTimeout())
                : List.of());
        if (!declared.list().isEmpty()) {
            LOG.infof("GPUs declared by yuntu.agent.gpus (nvidia-smi not asked): %s", gpus);
        }
    }

    /** @param declared wins when not empty, as devices 0 to N-1 in its order; else {@code detected} */
    public NodeGpus(List<Gpu> declared, List<DetectedGpu> detected) {
        if (!declared.isEmpty()) {
            this.gpus = List.copyOf(declared);
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < declared.size(); i++) {
                indices.add(i);
            }
            this.devices = List.copyOf(indices);
        } else {
            this.gpus = detected.stream().map(DetectedGpu::toHeartbeat).toList();
            this.devices = detected.stream().map(DetectedGpu::index).toList();
        }
    }

    /** For heartbeats. */
    public List<Gpu> list() {
        return gpus;
    }

    /** Device indices, in the order of {@link #list()}. */
    public List<Integer> devices() {
        return devices;
    }
}
