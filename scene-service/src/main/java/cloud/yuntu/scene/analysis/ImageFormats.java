package cloud.yuntu.scene.analysis;

import java.util.Map;

/** defaultRenderGlobals.imageFormat's enum values as Maya's own renderers name them. */
final class ImageFormats {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "gif"), Map.entry(1, "pic"), Map.entry(2, "rla"), Map.entry(3, "tif"), Map.entry(4, "tif16"),
            Map.entry(5, "sgi"), Map.entry(6, "als"), Map.entry(7, "iff"), Map.entry(8, "jpg"), Map.entry(9, "eps"),
            Map.entry(10, "iff16"), Map.entry(11, "cin"), Map.entry(12, "yuv"), Map.entry(13, "sgi16"),
            Map.entry(19, "tga"), Map.entry(20, "bmp"), Map.entry(23, "avi"), Map.entry(31, "psd"),
            Map.entry(32, "png"), Map.entry(35, "dds"), Map.entry(36, "psdLayered"), Map.entry(40, "exr"),
            Map.entry(60, "swf"), Map.entry(61, "ai"), Map.entry(62, "svg"), Map.entry(63, "swft"));

    /** Maya's default: 7, IFF. */
    static final int DEFAULT = 7;

    private ImageFormats() {
    }

    /** Null for a value this table does not know (51 = "custom", named by imfPluginKey). */
    static String name(int value) {
        return NAMES.get(value);
    }
}
