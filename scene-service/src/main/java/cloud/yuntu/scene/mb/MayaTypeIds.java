package cloud.yuntu.scene.mb;

import java.util.Map;

/**
 * Node type names for the four-character type ids .mb files use as form types. Only the types
 * the report looks at are listed; any other id is reported as {@code mb:<id>} so nothing is
 * guessed.
 */
final class MayaTypeIds {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("XFRM", "transform"),
            Map.entry("DCAM", "camera"),
            Map.entry("RTFT", "file"),
            Map.entry("RNDL", "renderLayer"),
            Map.entry("RNLM", "renderLayerManager"),
            Map.entry("RFRN", "reference"),
            Map.entry("DMSH", "mesh"),
            Map.entry("CFIL", "cacheFile"),
            Map.entry("IPLN", "imagePlane"),
            Map.entry("AUDI", "audio"),
            Map.entry("PCUB", "polyCube"),
            Map.entry("JOIN", "joint"),
            Map.entry("SCRP", "script"),
            Map.entry("SPTL", "spotLight"),
            Map.entry("SHAD", "shadingEngine"),
            Map.entry("DSPL", "displayLayer"),
            Map.entry("DPLM", "displayLayerManager"),
            Map.entry("GPID", "groupId"),
            Map.entry("GRPP", "groupParts"),
            Map.entry("NCRV", "nurbsCurve"),
            Map.entry("DMTI", "materialInfo"),
            Map.entry("RLLK", "lightLinker"),
            Map.entry("RBLN", "blinn"));

    private MayaTypeIds() {
    }

    static String nodeType(String typeId) {
        String name = NAMES.get(typeId);
        return name != null ? name : "mb:" + typeId;
    }
}
