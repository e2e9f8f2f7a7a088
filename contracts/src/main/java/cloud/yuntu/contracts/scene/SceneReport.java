package cloud.yuntu.contracts.scene;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a Maya scene will do when rendered, read from the file without Maya. Maya's defaults
 * are applied where the file does not write an attribute.
 */
public record SceneReport(
        FileFacts file,
        Units units,
        List<Plugin> plugins,
        String renderer,
        List<Layer> layers,
        List<Camera> cameras,
        List<Dependency> dependencies,
        List<Reference> references,
        List<Warning> warnings) {

    public SceneReport {
        plugins = List.copyOf(plugins);
        layers = List.copyOf(layers);
        cameras = List.copyOf(cameras);
        dependencies = List.copyOf(dependencies);
        references = List.copyOf(references);
        warnings = List.copyOf(warnings);
    }

    /** @param format {@code ma} or {@code mb}; @param codeset as the .ma header declares it, null for .mb */
    public record FileFacts(String name, String format, long sizeBytes, String sha256, String mayaVersion, String codeset) {
    }

    public record Units(String linear, String angular, String time) {
    }

    public record Plugin(String name, String version) {
    }

    public record Layer(
            String name,
            boolean renderable,
            String renderer,
            Frames frames,
            String imagePrefix,
            String imageFormat,
            Resolution resolution,
            List<String> cameras) {

        public Layer {
            cameras = List.copyOf(cameras);
        }
    }

    /** Frame numbers may be fractional in Maya; {@code by} is the step. */
    public record Frames(double start, double end, double by) {
    }

    public record Resolution(int width, int height) {
    }

    public record Camera(String name, boolean renderable) {
    }

    /**
     * A file the scene needs.
     *
     * @param sequence true for UDIM tiles and frame-numbered files: {@code path} is a pattern
     */
    public record Dependency(String node, String nodeType, String attribute, String path, DependencyKind kind, boolean sequence) {
    }

    /** On the wire in Maya's own spelling: texture, reference, alembic, gpuCache, standIn, ... */
    public enum DependencyKind {
        @JsonProperty("texture") TEXTURE,
        @JsonProperty("reference") REFERENCE,
        @JsonProperty("alembic") ALEMBIC,
        @JsonProperty("gpuCache") GPU_CACHE,
        @JsonProperty("standIn") STAND_IN,
        @JsonProperty("proxy") PROXY,
        @JsonProperty("cache") CACHE,
        @JsonProperty("imagePlane") IMAGE_PLANE,
        @JsonProperty("audio") AUDIO,
        @JsonProperty("other") OTHER
    }

    /** @param depth 1 for a reference of the scene itself, 2 for one of that reference, ... */
    public record Reference(String path, String namespace, int depth) {
    }

    /** @param node null where the warning is about the whole file */
    public record Warning(String code, String message, String node) {
    }
}
