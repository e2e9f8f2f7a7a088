package cloud.yuntu.scene;

import java.nio.charset.StandardCharsets;

/**
 * Hostile .ma scenes generated on the fly, shaped like the ones that took scene-service down:
 * many legacy render layers and many renderable cameras (every layer lists every renderable
 * camera, so the report grows as layers x cameras while the file grows as layers + cameras), and
 * Render Setup layers sharing one collection of overrides (one warning per layer x override).
 */
public final class HostileScenes {

    private HostileScenes() {
    }

    private static StringBuilder header() {
        return new StringBuilder("//Maya ASCII 2024 scene\n//Name: hostile.ma\n//Codeset: UTF-8\nrequires maya \"2024\";\n"
                + "currentUnit -l centimeter -a degree -t film;\n");
    }

    /** {@code layers} legacy renderLayer nodes and {@code cameras} renderable cameras (3,000 + 3,000: about 320 KB). */
    public static byte[] layersAndCameras(int layers, int cameras) {
        StringBuilder ma = header();
        for (int i = 0; i < cameras; i++) {
            ma.append("createNode transform -n \"c").append(i).append("\";\n");
            ma.append("createNode camera -n \"c").append(i).append("S\" -p \"c").append(i)
                    .append("\";\n\tsetAttr \".rnd\" yes;\n");
        }
        ma.append("createNode renderLayer -n \"defaultRenderLayer\";\n");
        for (int i = 0; i < layers; i++) {
            ma.append("createNode renderLayer -n \"l").append(i).append("\";\n");
        }
        return ma.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Render Setup layers that all link to one render settings collection of {@code overrides}
     * absolute overrides: every layer applies every override, each with its warning.
     */
    public static byte[] sharedRenderSetupCollection(int layers, int overrides) {
        StringBuilder ma = header();
        ma.append("select -ne :defaultRenderGlobals;\n\tsetAttr \".an\" yes;\n");
        ma.append("createNode renderSetup -n \"renderSetup\";\n");
        ma.append("createNode renderSettingsCollection -n \"shared\";\n");
        for (int o = 0; o < overrides; o++) {
            ma.append("createNode absOverride -n \"o").append(o).append("\";\n\tsetAttr \".atr\" -type \"string\" \"endFrame\";\n")
                    .append("\tsetAttr \".atv\" ").append(10 + o).append(";\n");
        }
        for (int l = 0; l < layers; l++) {
            ma.append("createNode renderSetupLayer -n \"l").append(l).append("\";\ncreateNode renderLayer -n \"rs_l").append(l)
                    .append("\";\n");
        }
        for (int o = 0; o < overrides; o++) {
            ma.append("connectAttr \"shared.lit\" \"o").append(o).append(".pls\";\n");
        }
        for (int l = 0; l < layers; l++) {
            ma.append("connectAttr \"rs_l").append(l).append(".msg\" \"l").append(l).append(".lrl\";\n");
            ma.append("connectAttr \"shared.msg\" \"l").append(l).append(".cl\";\n");
        }
        return ma.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Many kept nodes with many large values: the memory a hostile file can make the analysis keep. */
    public static byte[] heavyFileNodes(int nodes, int valueBytes) {
        StringBuilder ma = header();
        String big = "x".repeat(valueBytes);
        for (int i = 0; i < nodes; i++) {
            ma.append("createNode file -n \"f").append(i).append("\";\n\tsetAttr \".ftn\" -type \"string\" \"textures/")
                    .append(i).append(".png\";\n\tsetAttr \".nt\" -type \"string\" \"").append(big).append("\";\n");
        }
        return ma.toString().getBytes(StandardCharsets.UTF_8);
    }
}
