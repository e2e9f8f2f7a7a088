package cloud.yuntu.agent.render;

/**
 * Environment variables the agent sets for every renderer process it starts, on top of its own
 * environment, as Deadline gives its jobs {@code DEADLINE_*}: a production render wrapper (a
 * {@code Render} script, a pre-render MEL) can tell which agent, task, frame and attempt it runs for,
 * and the simulated renderer reads them for the failures a scene asks of it.
 *
 * <p>Names only, and JDK only: the simulator, which runs without the agent's dependencies, uses them too.
 */
public final class RendererEnvironment {

    /** The agent's id, as in its heartbeats and events. */
    public static final String AGENT_ID = "YUNTU_AGENT_ID";
    /** The job's task (UUID). */
    public static final String TASK_ID = "YUNTU_TASK_ID";
    /** The frame the job reports on ({@code FrameJob.frameId}, a UUID). */
    public static final String FRAME_ID = "YUNTU_FRAME_ID";
    /** The job's attempt of that frame, from 1. */
    public static final String FRAME_ATTEMPT = "YUNTU_FRAME_ATTEMPT";

    /**
     * The GPUs of the render's slot, nvidia-smi's indices comma-separated ({@code 2,3}); set only on a node with GPUs.
     * CUDA renderers (Redshift, Arnold GPU, V-Ray GPU, RenderMan XPU) then see only these, numbered from 0.
     */
    public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
    /**
     * {@code PCI_BUS_ID} with {@link #CUDA_VISIBLE_DEVICES}: CUDA's own order is fastest first, nvidia-smi's is PCI bus
     * order; on a node of mixed cards an index would otherwise name another card than the one nvidia-smi listed.
     */
    public static final String CUDA_DEVICE_ORDER = "CUDA_DEVICE_ORDER";

    private RendererEnvironment() {
    }
}
