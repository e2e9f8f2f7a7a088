package cloud.yuntu.agent.render.renderer;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What of the node a render may use, passed to renderers that take it on their command line, and set in the
 * renderer's environment ({@code CUDA_VISIBLE_DEVICES}, see {@code RenderCommand}).
 *
 * @param threads CPU threads for one render, 0 for the renderer's default (all cores)
 * @param gpuDevices the GPUs of the render's slot, by nvidia-smi's index; empty on a node without GPUs
 */
public record RenderResources(int threads, List<Integer> gpuDevices) {

    /** The renderer's defaults: no thread count, no GPU selection. */
    public static final RenderResources DEFAULT = new RenderResources(0, List.of());

    public RenderResources {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative: " + threads);
        }
        gpuDevices = List.copyOf(gpuDevices);
        if (gpuDevices.stream().anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("GPU devices must not be negative: " + gpuDevices);
        }
    }

    /** {@code gpus} GPUs, devices 0 to gpus - 1. */
    public RenderResources(int threads, int gpus) {
        this(threads, IntStream.range(0, Math.max(0, gpus)).boxed().toList());
    }

    /** How many GPUs the render has. */
    public int gpus() {
        return gpuDevices.size();
    }
}
