package cloud.yuntu.agent.simulate;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image names the way Maya makes them from {@code -im}: tokens expanded, {@code /} making
 * subfolders of the render directory, then {@code .<frame padded>.<ext>}. Without {@code -im} Maya
 * names images after the scene, which is {@code <Scene>}.
 *
 * <ul>
 *   <li>{@code <Scene>}: the scene file's name without its extension;</li>
 *   <li>{@code <RenderLayer>}, {@code <Layer>}: the layer of {@code -rl}; {@code defaultRenderLayer}
 *       is {@code masterLayer}, and a Render Setup layer's node {@code rs_<name>} is {@code <name>}, as
 *       Maya writes them; without {@code -rl} the scene renders as its master layer;</li>
 *   <li>{@code <Camera>}: the camera of {@code -cam}, its DAG path cut to the last name and a
 *       namespace's {@code :} written {@code _}; without {@code -cam}, {@code persp}, the renderable
 *       camera of a new scene;</li>
 *   <li>{@code <RenderPass>}: {@code beauty}, the only pass the simulator writes;</li>
 *   <li>{@code <Version>}: the render settings' version label, which the simulator does not read
 *       from the scene: empty, as in a scene that sets none;</li>
 *   <li>{@code <Extension>}: the image extension;</li>
 *   <li>any other token is dropped, as Maya drops tokens it cannot fill.</li>
 * </ul>
 * Tokens are matched regardless of case.
 */
final class ImageNames {

    static final String MASTER_LAYER = "masterLayer";
    static final String DEFAULT_RENDER_LAYER = "defaultRenderLayer";
    static final String DEFAULT_CAMERA = "persp";
    static final String BEAUTY = "beauty";
    private static final Pattern TOKEN = Pattern.compile("<([A-Za-z]+)>");

    private ImageNames() {
    }

    /** The image path of {@code frame}, relative to the render directory. */
    static String imagePath(RenderFlags flags, int frame, String extension) {
        return expand(flags.imagePrefix(), sceneName(flags.scene()), flags.layer(), flags.camera(), extension)
                + "." + SimulatedRender.pad(frame, flags.pad()) + "." + extension;
    }

    static String expand(String prefix, String scene, String layer, String camera, String extension) {
        Matcher m = TOKEN.matcher(prefix);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "scene" -> scene;
                case "renderlayer", "layer" -> layerName(layer);
                case "camera" -> cameraName(camera);
                case "renderpass" -> BEAUTY;
                case "version" -> "";
                case "extension" -> extension;
                default -> "";
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String layerName(String layer) {
        if (layer == null || layer.isBlank() || layer.equals(DEFAULT_RENDER_LAYER)) {
            return MASTER_LAYER;
        }
        return layer.startsWith("rs_") && layer.length() > 3 ? layer.substring(3) : layer;
    }

    static String cameraName(String camera) {
        if (camera == null || camera.isBlank()) {
            return DEFAULT_CAMERA;
        }
        String shortName = camera.substring(camera.lastIndexOf('|') + 1);
        return shortName.replace(':', '_');
    }

    static String sceneName(Path scene) {
        String name = scene.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Why {@code relative} would leave the render directory; null when it stays inside. Maya would
     * write such a path; the simulator, which may run on a shared node, does not.
     */
    static String escapes(String relative) {
        if (relative.startsWith("/") || relative.startsWith("\\")) {
            return "it is absolute";
        }
        for (String segment : relative.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return "it climbs out with '..'";
            }
        }
        return null;
    }
}
