package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.Layer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A layer's image file prefix as Maya expands it when rendering that layer ({@code Render -rl}),
 * from Maya's "Subfolders and names of rendered images": an empty prefix is the scene name; when
 * the prefix names no layer and more than one layer renders, Maya puts each layer in a subfolder
 * named after it, and each camera in one when more than one camera renders; {@code <RenderLayer>}
 * / {@code <Layer>} / {@code %l} is the layer as Maya names it in paths ({@code masterLayer} for the
 * default layer, the Render Setup layer's own name for its {@code rs_} layer), {@code <Camera>} /
 * {@code %c} the camera when the layer renders exactly one, {@code <Version>} the render globals'
 * version label. {@code <Scene>} / {@code %s} stays a token in the stored report, since identical
 * bytes may be uploaded under another name: {@link #forScene} expands it per request. Tokens that
 * depend on what is rendered ({@code <RenderPass>}, several cameras' {@code <Camera>}) stay, for
 * the renderer to expand.
 */
public final class ImagePrefixes {

    private static final Pattern LAYER_TOKEN = Pattern.compile("(?i)<RenderLayer>|<Layer>|%l");
    private static final Pattern CAMERA_TOKEN = Pattern.compile("(?i)<Camera>|%c");
    private static final Pattern SCENE_TOKEN = Pattern.compile("(?i)<Scene>|%s");
    private static final Pattern VERSION_TOKEN = Pattern.compile("(?i)<Version>|%v");

    private ImagePrefixes() {
    }

    /** How Maya names a layer in image paths. */
    static String layerPathName(String legacyLayer, String setupLayer) {
        if (setupLayer != null) {
            return setupLayer;
        }
        return legacyLayer.equals("defaultRenderLayer") ? "masterLayer" : legacyLayer;
    }

    /**
     * @param prefix the layer's imageFilePrefix, null or empty when not set
     * @param severalLayers more than one layer of the scene renders
     */
    static String resolve(String prefix, String layerPathName, List<String> renderableCameras, String version,
            boolean severalLayers) {
        String p = prefix == null || prefix.isEmpty() ? "<Scene>" : prefix;
        boolean severalCameras = renderableCameras.size() > 1;
        if (severalCameras && !CAMERA_TOKEN.matcher(p).find()) {
            p = "<Camera>/" + p;
        }
        if (severalLayers && !LAYER_TOKEN.matcher(p).find()) {
            p = "<RenderLayer>/" + p;
        }
        p = LAYER_TOKEN.matcher(p).replaceAll(Matcher.quoteReplacement(layerPathName));
        if (renderableCameras.size() == 1) {
            p = CAMERA_TOKEN.matcher(p).replaceAll(Matcher.quoteReplacement(cameraPathName(renderableCameras.getFirst())));
        }
        p = VERSION_TOKEN.matcher(p).replaceAll(Matcher.quoteReplacement(version));
        return SCENE_TOKEN.matcher(p).replaceAll("<Scene>");
    }

    /** Maya names a camera in paths by its short name (no DAG path, namespace separators kept as written). */
    private static String cameraPathName(String camera) {
        return camera.substring(camera.lastIndexOf('|') + 1);
    }

    /** The scene's name as Maya's {@code <Scene>} gives it: the file name without its extension. */
    static String sceneName(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** The report with {@code <Scene>} in every layer's prefix expanded for a scene file of this name. */
    public static SceneReport forScene(SceneReport report, String fileName) {
        String scene = Matcher.quoteReplacement(sceneName(fileName));
        List<Layer> layers = report.layers().stream()
                .map(l -> new Layer(l.name(), l.renderable(), l.renderer(), l.frames(),
                        SCENE_TOKEN.matcher(l.imagePrefix()).replaceAll(scene), l.imageFormat(), l.resolution(), l.cameras()))
                .toList();
        return new SceneReport(report.file(), report.units(), report.plugins(), report.renderer(), layers,
                report.cameras(), report.dependencies(), report.references(), report.warnings());
    }
}
