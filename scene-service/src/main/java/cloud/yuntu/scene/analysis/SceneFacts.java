package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.maya.MayaFileNodes;
import cloud.yuntu.scene.parse.AttrValue;
import cloud.yuntu.scene.parse.SceneVisitor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts a report is built from, gathered while a parser streams the file. Only nodes the
 * report looks at are kept (cameras, layers, render setup, dependency-carrying nodes, the render
 * globals), so memory follows what the scene contains of those, not the file size.
 */
final class SceneFacts implements SceneVisitor {

    /** Rough per-object overhead (headers, references, map entries) added to each kept string's bytes. */
    private static final int OBJECT_BYTES = 48;

    static final int MAX_KEPT_UNKNOWN = 20;
    private static final int MAX_REFERENCES = 100_000;
    private static final int MAX_CONNECTIONS = 1_000_000;
    private static final int MAX_FILE_INFO = 256;

    static final Set<String> GLOBAL_NODES = Set.of("defaultRenderGlobals", "defaultResolution", "time1",
            "defaultArnoldDriver", "defaultArnoldRenderOptions", "redshiftOptions", "vraySettings");

    record Requirement(String plugin, String version, List<String> nodeTypes) {
    }

    record ReferenceFact(String path, String namespace, String referenceNode, int depth, boolean deferred) {
    }

    record Connection(String sourceNode, String sourceAttribute, String destinationNode, String destinationAttribute) {
    }

    record Unknown(String construct, long offset) {
    }

    String mayaVersion;
    String codeset;
    String linear;
    String angular;
    String time;
    final List<Requirement> requirements = new ArrayList<>();
    final Map<String, String> fileInfo = new LinkedHashMap<>();
    final List<ReferenceFact> references = new ArrayList<>();
    final Map<String, NodeFacts> nodes = new LinkedHashMap<>();
    final List<Connection> connections = new ArrayList<>();
    final List<Unknown> unknown = new ArrayList<>();
    long unknownCount;
    boolean referencesCapped;
    /** Every legacy render layer of this file (not of references), kept or not: the refusal names the real count. */
    int layerCount;
    /** Every camera shape, kept or not. */
    int cameraCount;
    /** {@code node.attribute} of dependency paths whose value comes from a connection, not from the file's text. */
    final Set<String> drivenPaths = new java.util.HashSet<>();
    private final AnalysisLimits limits;
    private long keptBytes;
    private long lastOffset;
    private final Map<String, String> referenceKeys = new HashMap<>();
    private NodeFacts current;

    SceneFacts(AnalysisLimits limits) {
        this.limits = limits;
    }

    SceneFacts() {
        this(AnalysisLimits.DEFAULT);
    }

    /**
     * Counts what is kept against the memory budget, so that memory follows the limit and not
     * whatever a hostile file piles into the nodes the report reads.
     */
    private void keep(long bytes) {
        keptBytes += bytes + OBJECT_BYTES;
        if (keptBytes > limits.maxFactBytes()) {
            throw cloud.yuntu.scene.parse.SceneParseException.limit("the scene's render-relevant content (cameras, "
                    + "layers, render setup, file nodes, references and their values) needs more than the "
                    + limits.maxFactBytes() / (1024 * 1024) + " MiB one analysis may keep", lastOffset);
        }
    }

    private static long size(String text) {
        return text == null ? 0 : 2L * text.length();
    }

    @Override
    public void mayaVersion(String version) {
        mayaVersion = version;
    }

    @Override
    public void codeset(String codeset) {
        this.codeset = codeset;
    }

    @Override
    public void requires(String plugin, String version, List<String> nodeTypes) {
        keep(size(plugin) + size(version) + nodeTypes.stream().mapToLong(t -> size(t) + OBJECT_BYTES).sum());
        requirements.add(new Requirement(plugin, version, List.copyOf(nodeTypes)));
    }

    @Override
    public void currentUnit(String linear, String angular, String time) {
        if (linear != null) {
            this.linear = linear;
        }
        if (angular != null) {
            this.angular = angular;
        }
        if (time != null) {
            this.time = time;
        }
    }

    @Override
    public void fileInfo(String key, String value) {
        if (fileInfo.size() < MAX_FILE_INFO || fileInfo.containsKey(key)) {
            keep(size(key) + size(value));
            fileInfo.put(key, value);
        }
    }

    @Override
    public void reference(String path, String namespace, String referenceNode, int depth, boolean deferred, long offset) {
        // Maya writes each reference twice (-rdi for the hierarchy, -r to load it): keep one.
        String key = referenceNode != null ? referenceNode : path + "\u0000" + namespace;
        if (referenceKeys.containsKey(key)) {
            return;
        }
        if (references.size() >= MAX_REFERENCES) {
            referencesCapped = true;
            return;
        }
        lastOffset = offset;
        keep(size(path) * 2 + size(namespace) + size(referenceNode) * 2);
        referenceKeys.put(key, path);
        references.add(new ReferenceFact(path, namespace, referenceNode, depth, deferred));
    }

    @Override
    public void createNode(String type, String name, String parent, long offset) {
        lastOffset = offset;
        // Counted whether kept or not; beyond the limit they are not kept, since the scene is refused anyway.
        boolean overLimit = false;
        if (type.equals("renderLayer") && !name.contains(":")) {
            overLimit = ++layerCount > limits.maxLayers();
        } else if (type.equals("camera")) {
            overLimit = ++cameraCount > limits.maxCameras();
        }
        NodeFacts existing = nodes.get(name);
        if (existing != null) {
            existing.created(type, parent);
            current = existing;
        } else if (!overLimit && isKept(type, name)) {
            keep(size(name) * 2 + size(type) + size(parent) + 4L * OBJECT_BYTES);
            current = new NodeFacts(name, type, parent);
            nodes.put(name, current);
        } else {
            current = null;
        }
    }

    @Override
    public void selectNode(String name) {
        current = nodes.get(name);
        if (current == null && GLOBAL_NODES.contains(name)) {
            current = new NodeFacts(name, null, null);
            nodes.put(name, current);
        }
    }

    @Override
    public void setAttr(String node, String attribute, AttrValue value) {
        NodeFacts target = current != null && current.name().equals(node) ? current : nodes.get(node);
        if (target != null) {
            long bytes = size(attribute) + OBJECT_BYTES;
            for (String token : value.tokens()) {
                bytes += size(token) + OBJECT_BYTES;
            }
            keep(bytes);
            target.set(attribute, value);
        }
    }

    @Override
    public void addAttr(String node, String longName, String shortName, String type) {
        NodeFacts target = nodes.get(node);
        if (target != null) {
            target.alias(longName, shortName);
        }
    }

    @Override
    public void connectAttr(String source, String destination) {
        int s = source.indexOf('.');
        int d = destination.indexOf('.');
        if (s <= 0 || d <= 0 || connections.size() >= MAX_CONNECTIONS) {
            return;
        }
        String sourceNode = source.substring(0, s);
        String destinationNode = destination.substring(0, d);
        String destinationAttribute = destination.substring(d + 1);
        NodeFacts target = nodes.get(destinationNode);
        if (target != null && target.type() != null && MayaFileNodes.isPathAttribute(target.type(), destinationAttribute)) {
            // The path Maya loads is whatever the connection delivers, not the text written in the file.
            keep(size(destination));
            drivenPaths.add(destinationNode + "." + destinationAttribute);
            return;
        }
        // Only links among layers and render setup nodes, and legacy adjustments, matter. Layer membership
        // (every object's instObjGroups to its layers) is not kept: it is most of a big scene's connections.
        boolean setupLink = isLayerFamily(nodes.get(sourceNode)) && isLayerFamily(target);
        boolean adjustment = isLayerFamily(target) && destinationAttribute.startsWith("adj");
        boolean setupMember = isSetupNode(nodes.get(sourceNode)) || isSetupNode(target);
        if (setupLink || adjustment || setupMember) {
            keep(size(source) + size(destination) + OBJECT_BYTES);
            connections.add(new Connection(sourceNode, source.substring(s + 1), destinationNode, destinationAttribute));
        }
    }

    @Override
    public void unknown(String construct, long offset) {
        unknownCount++;
        if (unknown.size() < MAX_KEPT_UNKNOWN) {
            unknown.add(new Unknown(construct, offset));
        }
    }

    private static boolean isKept(String type, String name) {
        return GLOBAL_NODES.contains(name) || type.equals("camera") || type.equals("reference")
                || LayerFamily.of(type) != LayerFamily.NONE || MayaFileNodes.covers(type);
    }

    /** Render Setup's own nodes (not legacy layers): their links to anything are the render setup graph. */
    private static boolean isSetupNode(NodeFacts node) {
        if (node == null || node.type() == null) {
            return false;
        }
        LayerFamily family = LayerFamily.of(node.type());
        return family == LayerFamily.SETUP_LAYER || family == LayerFamily.COLLECTION || family == LayerFamily.OVERRIDE;
    }

    private static boolean isLayerFamily(NodeFacts node) {
        return node != null && node.type() != null && LayerFamily.of(node.type()) != LayerFamily.NONE;
    }
}
