package cloud.yuntu.scene.analysis;

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
    private final Map<String, String> referenceKeys = new HashMap<>();
    private NodeFacts current;

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
        referenceKeys.put(key, path);
        references.add(new ReferenceFact(path, namespace, referenceNode, depth, deferred));
    }

    @Override
    public void createNode(String type, String name, String parent, long offset) {
        NodeFacts existing = nodes.get(name);
        if (existing != null) {
            existing.created(type, parent);
            current = existing;
        } else if (isKept(type, name)) {
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
        // Only links among layers, render setup and the globals matter (layer membership, adjustments).
        if (isLayerFamily(nodes.get(sourceNode)) || isLayerFamily(nodes.get(destinationNode))) {
            connections.add(new Connection(sourceNode, source.substring(s + 1), destinationNode, destination.substring(d + 1)));
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
                || LayerFamily.of(type) != LayerFamily.NONE || DependencyRules.covers(type);
    }

    private static boolean isLayerFamily(NodeFacts node) {
        return node != null && node.type() != null && LayerFamily.of(node.type()) != LayerFamily.NONE;
    }
}
