package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import java.util.List;
import java.util.Map;

/**
 * Which node types point at files, through which attribute (short and long name), and what
 * kind of file that is. Built-in Maya nodes plus the common renderer and pipeline plug-ins.
 */
final class DependencyRules {

    /**
     * @param names the attribute's names (short first, as Maya writes it, then long)
     * @param sequenceFlags attributes that, when non-zero, make the path a UDIM/frame pattern
     */
    record Rule(DependencyKind kind, List<String> names, List<String> sequenceFlags) {

        String attribute() {
            return names.getLast();
        }
    }

    private static final Map<String, List<Rule>> RULES = Map.ofEntries(
            Map.entry("file", List.of(new Rule(DependencyKind.TEXTURE, List.of("ftn", "fileTextureName"),
                    List.of("uvt", "uvTilingMode", "ufe", "useFrameExtension")))),
            Map.entry("psdFileTex", List.of(new Rule(DependencyKind.TEXTURE, List.of("ftn", "fileTextureName"),
                    List.of("uvt", "uvTilingMode", "ufe", "useFrameExtension")))),
            Map.entry("aiImage", List.of(new Rule(DependencyKind.TEXTURE, List.of("filename"), List.of()))),
            Map.entry("PxrTexture", List.of(new Rule(DependencyKind.TEXTURE, List.of("filename"), List.of("atlasStyle")))),
            Map.entry("PxrNormalMap", List.of(new Rule(DependencyKind.TEXTURE, List.of("filename"), List.of()))),
            Map.entry("RedshiftNormalMap", List.of(new Rule(DependencyKind.TEXTURE, List.of("tex0"), List.of()))),
            Map.entry("RedshiftSprite", List.of(new Rule(DependencyKind.TEXTURE, List.of("tex0"), List.of()))),
            Map.entry("aiStandIn", List.of(new Rule(DependencyKind.STAND_IN, List.of("dso"), List.of("useFrameExtension")))),
            Map.entry("AlembicNode", List.of(new Rule(DependencyKind.ALEMBIC, List.of("fn", "abc_File"), List.of()))),
            Map.entry("gpuCache", List.of(new Rule(DependencyKind.GPU_CACHE, List.of("cfn", "cacheFileName"), List.of()))),
            Map.entry("RedshiftProxyMesh", List.of(new Rule(DependencyKind.PROXY, List.of("fn", "fileName"),
                    List.of("useFrameExtension")))),
            Map.entry("VRayProxy", List.of(new Rule(DependencyKind.PROXY, List.of("fn", "fileName"), List.of()))),
            Map.entry("VRayMesh", List.of(new Rule(DependencyKind.PROXY, List.of("fn", "fileName"), List.of()))),
            Map.entry("cacheFile", List.of(new Rule(DependencyKind.CACHE, List.of("cp", "cachePath"), List.of()))),
            Map.entry("aiVolume", List.of(new Rule(DependencyKind.CACHE, List.of("filename"), List.of("useFrameExtension")))),
            Map.entry("RedshiftVolumeShape", List.of(new Rule(DependencyKind.CACHE, List.of("fileName"), List.of()))),
            Map.entry("imagePlane", List.of(new Rule(DependencyKind.IMAGE_PLANE, List.of("imn", "imageName"),
                    List.of("ufe", "useFrameExtension")))),
            Map.entry("audio", List.of(new Rule(DependencyKind.AUDIO, List.of("f", "filename"), List.of()))),
            Map.entry("pxrUsdReferenceAssembly", List.of(new Rule(DependencyKind.OTHER, List.of("fp", "filePath"), List.of()))),
            Map.entry("pxrUsdProxyShape", List.of(new Rule(DependencyKind.OTHER, List.of("fp", "filePath"), List.of()))),
            Map.entry("mayaUsdProxyShape", List.of(new Rule(DependencyKind.OTHER, List.of("fp", "filePath"), List.of()))),
            Map.entry("AL_usdmaya_ProxyShape", List.of(new Rule(DependencyKind.OTHER, List.of("fp", "filePath"), List.of()))));

    private DependencyRules() {
    }

    static boolean covers(String nodeType) {
        return RULES.containsKey(nodeType);
    }

    /** True when the attribute (short or long name, as a connection names it) is a path the node type loads. */
    static boolean isPathAttribute(String nodeType, String attribute) {
        for (Rule rule : of(nodeType)) {
            if (rule.names().contains(attribute)) {
                return true;
            }
        }
        return false;
    }

    static List<Rule> of(String nodeType) {
        return RULES.getOrDefault(nodeType, List.of());
    }
}
