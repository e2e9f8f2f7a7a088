package cloud.yuntu.contracts.maya;

import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Maya node types load a file, through which attribute (short and long name), and what kind
 * of file that is: Maya's built-in nodes plus the common renderer and pipeline plug-ins. The one
 * table of it; scene-service's analysis and render-agent's simulated renderer both read scenes by it.
 *
 * <p>Also the few attributes that change what such a node loads: {@link #DISABLE_FILE_LOAD} (Maya keeps
 * the node and reads nothing) and a {@code cacheFile}'s {@link #CACHE_NAME}, which together with its
 * {@code cachePath} names the cache's description file ({@link #cacheDescription}).
 */
public final class MayaFileNodes {

    /**
     * One file a node type loads.
     *
     * @param kind what kind of file it is
     * @param names the attribute's names, short first (as Maya ASCII writes it), then long
     * @param sequenceFlags attributes of the node that, when non-zero, make the path a UDIM or frame pattern
     */
    public record FileAttribute(DependencyKind kind, List<String> names, List<String> sequenceFlags) {

        public FileAttribute {
            names = List.copyOf(names);
            sequenceFlags = List.copyOf(sequenceFlags);
        }

        /** The attribute's long name, as reports and logs name it. */
        public String attribute() {
            return names.getLast();
        }

        /** True for either of the attribute's names. */
        public boolean isNamed(String attribute) {
            return names.contains(attribute);
        }
    }

    /** {@code file.disableFileLoad}: the node stays in the scene and Maya reads no file for it. */
    public static final List<String> DISABLE_FILE_LOAD = List.of("dfl", "disableFileLoad");
    /** {@code cacheFile.cacheName}: the name of the cache in the folder of its {@code cachePath}. */
    public static final List<String> CACHE_NAME = List.of("cn", "cacheName");
    /** The node type whose path is a folder, completed by {@link #CACHE_NAME} ({@link #cacheDescription}). */
    public static final String CACHE_FILE = "cacheFile";

    private static final List<String> TEXTURE_SEQUENCE = List.of("uvt", "uvTilingMode", "ufe", "useFrameExtension");

    private static final Map<String, List<FileAttribute>> NODES = Map.ofEntries(
            Map.entry("file", one(DependencyKind.TEXTURE, List.of("ftn", "fileTextureName"), TEXTURE_SEQUENCE)),
            Map.entry("psdFileTex", one(DependencyKind.TEXTURE, List.of("ftn", "fileTextureName"), TEXTURE_SEQUENCE)),
            Map.entry("aiImage", one(DependencyKind.TEXTURE, List.of("filename"), List.of())),
            Map.entry("PxrTexture", one(DependencyKind.TEXTURE, List.of("filename"), List.of("atlasStyle"))),
            Map.entry("PxrNormalMap", one(DependencyKind.TEXTURE, List.of("filename"), List.of())),
            Map.entry("RedshiftNormalMap", one(DependencyKind.TEXTURE, List.of("tex0"), List.of())),
            Map.entry("RedshiftSprite", one(DependencyKind.TEXTURE, List.of("tex0"), List.of())),
            Map.entry("aiStandIn", one(DependencyKind.STAND_IN, List.of("dso"), List.of("useFrameExtension"))),
            Map.entry("AlembicNode", one(DependencyKind.ALEMBIC, List.of("fn", "abc_File"), List.of())),
            Map.entry("gpuCache", one(DependencyKind.GPU_CACHE, List.of("cfn", "cacheFileName"), List.of())),
            Map.entry("RedshiftProxyMesh", one(DependencyKind.PROXY, List.of("fn", "fileName"), List.of("useFrameExtension"))),
            Map.entry("VRayProxy", one(DependencyKind.PROXY, List.of("fn", "fileName"), List.of())),
            Map.entry("VRayMesh", one(DependencyKind.PROXY, List.of("fn", "fileName"), List.of())),
            Map.entry(CACHE_FILE, one(DependencyKind.CACHE, List.of("cp", "cachePath"), List.of())),
            Map.entry("aiVolume", one(DependencyKind.CACHE, List.of("filename"), List.of("useFrameExtension"))),
            Map.entry("RedshiftVolumeShape", one(DependencyKind.CACHE, List.of("fileName"), List.of())),
            Map.entry("imagePlane", one(DependencyKind.IMAGE_PLANE, List.of("imn", "imageName"), List.of("ufe", "useFrameExtension"))),
            Map.entry("audio", one(DependencyKind.AUDIO, List.of("f", "filename"), List.of())),
            Map.entry("pxrUsdReferenceAssembly", one(DependencyKind.OTHER, List.of("fp", "filePath"), List.of())),
            Map.entry("pxrUsdProxyShape", one(DependencyKind.OTHER, List.of("fp", "filePath"), List.of())),
            Map.entry("mayaUsdProxyShape", one(DependencyKind.OTHER, List.of("fp", "filePath"), List.of())),
            Map.entry("AL_usdmaya_ProxyShape", one(DependencyKind.OTHER, List.of("fp", "filePath"), List.of())));

    private MayaFileNodes() {
    }

    /** True when nodes of {@code nodeType} load a file. */
    public static boolean covers(String nodeType) {
        return NODES.containsKey(nodeType);
    }

    /** The files nodes of {@code nodeType} load; empty for a type that loads none. */
    public static List<FileAttribute> of(String nodeType) {
        return NODES.getOrDefault(nodeType, List.of());
    }

    /** True when {@code attribute} (short or long name, as a connection names it) is a path {@code nodeType} loads. */
    public static boolean isPathAttribute(String nodeType, String attribute) {
        return of(nodeType).stream().anyMatch(file -> file.isNamed(attribute));
    }

    /** Every node type of the table. */
    public static Set<String> nodeTypes() {
        return NODES.keySet();
    }

    /** The file a {@code cacheFile} loads: {@code <cachePath>/<cacheName>.xml}, its description. */
    public static String cacheDescription(String cachePath, String cacheName) {
        String name = cacheName == null ? "" : cacheName;
        return cachePath.endsWith("/") ? cachePath + name + ".xml" : cachePath + "/" + name + ".xml";
    }

    private static List<FileAttribute> one(DependencyKind kind, List<String> names, List<String> sequenceFlags) {
        return List.of(new FileAttribute(kind, names, sequenceFlags));
    }
}
