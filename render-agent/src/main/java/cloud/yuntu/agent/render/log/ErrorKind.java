package cloud.yuntu.agent.render.log;

/**
 * Why a renderer failed, as its log tells. The kind decides whether the failure ends the render and whether
 * another attempt may succeed; the agent reports that as {@code FrameFailed.retryable}.
 */
public enum ErrorKind {

    /**
     * A file the scene needs is not where it looks (a texture, a reference, a cache). Every file of the job's
     * manifest was placed and verified before the renderer started, so every agent would miss it the same way:
     * not retryable.
     */
    MISSING_FILE(true, false),
    /** The scene itself cannot be read or opened: not retryable. */
    SCENE_LOAD(true, false),
    /** No licence for the renderer: another node, or the same later, may get one. */
    LICENCE(true, true),
    /** Out of memory (RAM or GPU memory): a node with more, or less busy, may render it. */
    OUT_OF_MEMORY(true, true),
    /** The renderer crashed (signal, access violation, fatal error): the node's fault as far as the log tells. */
    CRASH(true, true),
    /** No usable GPU, or the GPU failed (no CUDA device, illegal memory access): the node's fault. */
    GPU(true, true),
    /** A plug-in or node type the scene needs is not loaded on this node: another node may have it. */
    MISSING_PLUGIN(true, true),
    /**
     * An error of the renderer that stops the render without a known cause (Arnold aborts on any {@code ERROR}
     * by default, RenderMan on {@code {SEVERE}}): retryable, the attempt limit bounds one that repeats.
     */
    RENDER_ERROR(true, true),
    /**
     * The render stopped without naming a cause on that line ({@code render terminating early}, {@code Render failed
     * on frame 5}); decisive only when no line names a cause.
     */
    ABORTED(true, true),
    /** Any other error line: reported, and the render may still succeed. */
    OTHER(false, true);

    private final boolean fatal;
    private final boolean retryable;

    ErrorKind(boolean fatal, boolean retryable) {
        this.fatal = fatal;
        this.retryable = retryable;
    }

    public boolean fatal() {
        return fatal;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Kinds that name a cause outrank {@link #ABORTED}, which only says that the render stopped. */
    boolean namesCause() {
        return this != ABORTED && this != OTHER;
    }
}
