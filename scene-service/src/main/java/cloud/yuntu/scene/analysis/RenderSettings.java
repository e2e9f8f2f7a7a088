package cloud.yuntu.scene.analysis;

import cloud.yuntu.scene.parse.AttrValue;
import java.util.Optional;

/**
 * The render globals one layer renders with: the scene's values, Maya's defaults where the file
 * wrote none, then the layer's adjustments or overrides.
 */
record RenderSettings(String renderer, boolean animation, double start, double end, double by, String imagePrefix,
        String imfPluginKey, int imageFormat, int width, int height) {

    /** Maya's defaults: mayaSoftware, animation off, frames 1-10 by 1, 640x480, IFF, prefix = scene name. */
    static RenderSettings of(Optional<NodeFacts> globals, Optional<NodeFacts> resolution) {
        return of(globals, resolution, new cloud.yuntu.contracts.scene.SceneReport.Resolution(640, 480));
    }

    /** As above, with the new-scene image size of the Maya that saved the file (see {@link MayaDefaults}). */
    static RenderSettings of(Optional<NodeFacts> globals, Optional<NodeFacts> resolution,
            cloud.yuntu.contracts.scene.SceneReport.Resolution defaultSize) {
        RenderSettings settings = new RenderSettings("mayaSoftware", false, 1, 10, 1, null, null, ImageFormats.DEFAULT,
                defaultSize.width(), defaultSize.height());
        if (globals.isPresent()) {
            for (var entry : globals.get().values().entrySet()) {
                settings = settings.with(entry.getKey(), entry.getValue()).orElse(settings);
            }
        }
        if (resolution.isPresent()) {
            for (var entry : resolution.get().values().entrySet()) {
                settings = settings.withResolution(entry.getKey(), entry.getValue()).orElse(settings);
            }
        }
        return settings;
    }

    /** This with one render-globals attribute (short or long name) changed; empty when not one the report uses. */
    Optional<RenderSettings> with(String attribute, AttrValue value) {
        String text = value.text();
        var number = value.number();
        return switch (attribute) {
            case "ren", "currentRenderer" -> text == null || text.isEmpty() ? Optional.empty()
                    : Optional.of(new RenderSettings(text, animation, start, end, by, imagePrefix, imfPluginKey,
                            imageFormat, width, height));
            case "an", "animation" -> number.isEmpty() ? Optional.empty()
                    : Optional.of(new RenderSettings(renderer, number.getAsDouble() != 0, start, end, by, imagePrefix,
                            imfPluginKey, imageFormat, width, height));
            case "fs", "startFrame" -> number.isEmpty() ? Optional.empty()
                    : Optional.of(new RenderSettings(renderer, animation, number.getAsDouble(), end, by, imagePrefix,
                            imfPluginKey, imageFormat, width, height));
            case "ef", "endFrame" -> number.isEmpty() ? Optional.empty()
                    : Optional.of(new RenderSettings(renderer, animation, start, number.getAsDouble(), by, imagePrefix,
                            imfPluginKey, imageFormat, width, height));
            case "bfs", "byFrameStep", "bf", "byFrame" -> number.isEmpty() || number.getAsDouble() <= 0 ? Optional.empty()
                    : Optional.of(new RenderSettings(renderer, animation, start, end, number.getAsDouble(), imagePrefix,
                            imfPluginKey, imageFormat, width, height));
            case "ifp", "imageFilePrefix" -> Optional.of(new RenderSettings(renderer, animation, start, end, by,
                    text == null || text.isEmpty() ? null : text, imfPluginKey, imageFormat, width, height));
            case "imfkey", "imfPluginKey" -> Optional.of(new RenderSettings(renderer, animation, start, end, by,
                    imagePrefix, text == null || text.isEmpty() ? null : text, imageFormat, width, height));
            case "if", "imageFormat" -> number.isEmpty() ? Optional.empty()
                    : Optional.of(new RenderSettings(renderer, animation, start, end, by, imagePrefix, imfPluginKey,
                            (int) number.getAsDouble(), width, height));
            default -> Optional.empty();
        };
    }

    /** This with one defaultResolution attribute changed; empty when not width/height. */
    Optional<RenderSettings> withResolution(String attribute, AttrValue value) {
        var number = value.number();
        if (number.isEmpty() || number.getAsDouble() < 1) {
            return Optional.empty();
        }
        int n = (int) number.getAsDouble();
        return switch (attribute) {
            case "w", "width" -> Optional.of(new RenderSettings(renderer, animation, start, end, by, imagePrefix,
                    imfPluginKey, imageFormat, n, height));
            case "h", "height" -> Optional.of(new RenderSettings(renderer, animation, start, end, by, imagePrefix,
                    imfPluginKey, imageFormat, width, n));
            default -> Optional.empty();
        };
    }
}
