package cloud.yuntu.scene.analysis;

import java.util.List;
import java.util.Map;

/** The plug-in(s) a renderer needs loaded; built-in renderers need none. */
final class RendererPlugins {

    private static final Map<String, List<String>> PLUGINS = Map.ofEntries(
            Map.entry("arnold", List.of("mtoa")),
            Map.entry("redshift", List.of("redshift4maya")),
            Map.entry("vray", List.of("vrayformaya")),
            Map.entry("renderManRIS", List.of("RenderMan_for_Maya", "RenderMan_for_Maya.py")),
            Map.entry("renderman", List.of("RenderMan_for_Maya", "RenderMan_for_Maya.py")),
            Map.entry("renderMan", List.of("RenderMan_for_Maya", "RenderMan_for_Maya.py")),
            Map.entry("px_render", List.of("px_render", "RenderMan_for_Maya", "RenderMan_for_Maya.py")),
            Map.entry("mentalRay", List.of("Mayatomr")),
            Map.entry("3delight", List.of("3delight_for_maya2", "3delight_for_maya")),
            Map.entry("mayaVector", List.of("VectorRender")));
    private static final List<String> BUILT_IN = List.of("mayaSoftware", "mayaHardware", "mayaHardware2");

    private RendererPlugins() {
    }

    static boolean builtIn(String renderer) {
        return BUILT_IN.contains(renderer);
    }

    /** Empty when the renderer is built in or not known to this table. */
    static List<String> required(String renderer) {
        return PLUGINS.getOrDefault(renderer, List.of());
    }
}
