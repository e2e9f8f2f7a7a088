package cloud.yuntu.agent.render.renderer;

/**
 * What of the node a render may use, passed to renderers that take it on the command line.
 *
 * @param threads CPU threads for one render, 0 for the renderer's default (all cores)
 * @param gpus GPUs of the node (devices {@code 0} to {@code gpus - 1}), 0 when it has none declared
 */
public record RenderResources(int threads, int gpus) {

    /** The renderer's defaults: no thread count, no GPU selection. */
    public static final RenderResources DEFAULT = new RenderResources(0, 0);

    public RenderResources {
        if (threads < 0 || gpus < 0) {
            throw new IllegalArgumentException("threads and gpus must not be negative: " + threads + ", " + gpus);
        }
    }
}
