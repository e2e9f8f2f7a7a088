package cloud.yuntu.task.tier;

import java.util.Locale;
import java.util.Set;

/** What the farm knows of renderers for matching them to tiers. Names are Maya's {@code Render -r} names. */
public final class Renderers {

    /**
     * Renderers that render on GPUs only: a node without a GPU cannot run them at all. Arnold, V-Ray and
     * RenderMan render on CPUs by default (their GPU modes are an option of the scene), so they run anywhere.
     */
    public static final Set<String> GPU_ONLY = Set.of("redshift", "octane");

    private Renderers() {
    }

    public static boolean gpuOnly(String renderer) {
        return renderer != null && GPU_ONLY.contains(renderer.toLowerCase(Locale.ROOT));
    }
}
