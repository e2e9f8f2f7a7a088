package cloud.yuntu.agent.job;

import cloud.yuntu.agent.AgentConfig;
import cloud.yuntu.agent.heartbeat.NodeGpus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import org.jboss.logging.Logger;

/**
 * The agent's render slots, shared by all pools, and the drain switch: a draining agent
 * finishes what it runs but takes nothing new. On a node with GPUs the slots follow the GPUs
 * ({@link GpuSlots}, {@code yuntu.agent.gpu.per-slot}) and {@code yuntu.agent.slots} is not used; a CPU node has
 * {@code yuntu.agent.slots} slots.
 */
@ApplicationScoped
public class Slots {

    private static final Logger LOG = Logger.getLogger(Slots.class);

    private final int total;
    /** Free slots; the lowest numbers are taken first, so a lightly loaded node uses the same GPUs. */
    private final PriorityBlockingQueue<Slot> free = new PriorityBlockingQueue<>(4, Comparator.comparingInt(Slot::number));
    private volatile boolean draining;

    @Inject
    Slots(AgentConfig config, NodeGpus gpus) {
        this(config.slots(), gpus.devices(), config.gpu().perSlot());
        if (!gpus.devices().isEmpty()) {
            List<Integer> idle = GpuSlots.idle(gpus.devices(), config.gpu().perSlot());
            LOG.infof("%d GPU slots of %d GPUs each (yuntu.agent.gpu.per-slot; yuntu.agent.slots is not used)%s", total,
                    config.gpu().perSlot(), idle.isEmpty() ? "" : "; GPUs " + idle + " belong to no slot");
        }
    }

    /** @param cpuSlots slots of a node without GPUs (at least one); {@code devices} decide otherwise */
    public Slots(int cpuSlots, List<Integer> devices, int gpusPerSlot) {
        List<List<Integer>> gpuSlots = GpuSlots.assign(devices, gpusPerSlot);
        List<Slot> all = new ArrayList<>();
        if (gpuSlots.isEmpty()) {
            for (int i = 0; i < Math.max(1, cpuSlots); i++) {
                all.add(new Slot(i, List.of()));
            }
        } else {
            for (int i = 0; i < gpuSlots.size(); i++) {
                all.add(new Slot(i, gpuSlots.get(i)));
            }
        }
        this.total = all.size();
        free.addAll(all);
    }

    /** Takes a slot for a new job; empty when none is free or the agent drains. */
    Optional<Slot> tryTake() {
        return draining ? Optional.empty() : Optional.ofNullable(free.poll());
    }

    void giveBack(Slot slot) {
        free.add(slot);
    }

    public int total() {
        return total;
    }

    public int free() {
        return free.size();
    }

    public boolean draining() {
        return draining;
    }

    public void drain() {
        draining = true;
    }

    public void resume() {
        draining = false;
    }
}
