package cloud.yuntu.agent.job;

import java.util.List;

/**
 * One render slot: a frame renders in it at a time. On a node with GPUs each slot owns its GPUs, and the renderer
 * started in it sees only those ({@code CUDA_VISIBLE_DEVICES}); on a CPU node a slot owns none.
 *
 * @param number from 0, for logs
 * @param gpus device indices (nvidia-smi's), empty on a CPU node
 */
public record Slot(int number, List<Integer> gpus) {

    public Slot {
        gpus = List.copyOf(gpus);
    }
}
