package cloud.yuntu.agent.simulate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files a Maya ASCII scene makes Maya load: referenced files ({@code file -r ... "path";}) and
 * the paths of file-loading nodes ({@code setAttr ".ftn" -type "string" "path";} on a {@code file}
 * node, and the other node types below). A pure rule over the scene's text.
 *
 * <p>The node types and attributes are those scene-service's analysis recognises ({@code
 * cloud.yuntu.scene.analysis.DependencyRules}); the table is repeated here because the simulator
 * runs as a JDK-only process and render-agent does not depend on scene-service. Maya's rules that
 * scene-service applies are applied the same way: a reference whose first statement is saved
 * unloaded ({@code -dr 1}) is not loaded, nor are the files its namespace's nodes name; a file node
 * with {@code disableFileLoad} reads nothing; an empty path names nothing; a {@code cacheFile}
 * names {@code <cachePath>/<cacheName>.xml}. A path driven by a connection is only known to Maya
 * when it evaluates it and is left out.
 */
final class SceneDependencies {

    /** What kind of file a dependency is; the renderer's verdict on a missing one depends on it. */
    enum Kind { REFERENCE, TEXTURE, STAND_IN, ALEMBIC, GPU_CACHE, PROXY, CACHE, IMAGE_PLANE, AUDIO, OTHER }

    /**
     * @param node the node naming the file (a reference's reference node, or its path when it has none)
     * @param attribute the attribute's long name; {@code reference} for a reference
     * @param path the path as the scene writes it
     * @param line the line of the scene where the statement naming it begins
     * @param namespace a reference's namespace, which the names of its nodes take in the scene; null for a node's file
     */
    record Dependency(Kind kind, String node, String attribute, String path, int line, String namespace) {

        Dependency(Kind kind, String node, String attribute, String path, int line) {
            this(kind, node, attribute, path, line, null);
        }

        /** The same file named by the node as the referencing scene knows it, {@code <namespace>:<node>}. */
        Dependency inNamespace(String referenceNamespace) {
            return referenceNamespace == null || referenceNamespace.isEmpty() ? this
                    : new Dependency(kind, stripRoot(referenceNamespace) + ":" + node, attribute, path, line, namespace);
        }
    }

    private record Rule(Kind kind, List<String> names) {
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("file", new Rule(Kind.TEXTURE, List.of("ftn", "fileTextureName"))),
            Map.entry("psdFileTex", new Rule(Kind.TEXTURE, List.of("ftn", "fileTextureName"))),
            Map.entry("aiImage", new Rule(Kind.TEXTURE, List.of("filename"))),
            Map.entry("PxrTexture", new Rule(Kind.TEXTURE, List.of("filename"))),
            Map.entry("PxrNormalMap", new Rule(Kind.TEXTURE, List.of("filename"))),
            Map.entry("RedshiftNormalMap", new Rule(Kind.TEXTURE, List.of("tex0"))),
            Map.entry("RedshiftSprite", new Rule(Kind.TEXTURE, List.of("tex0"))),
            Map.entry("aiStandIn", new Rule(Kind.STAND_IN, List.of("dso"))),
            Map.entry("AlembicNode", new Rule(Kind.ALEMBIC, List.of("fn", "abc_File"))),
            Map.entry("gpuCache", new Rule(Kind.GPU_CACHE, List.of("cfn", "cacheFileName"))),
            Map.entry("RedshiftProxyMesh", new Rule(Kind.PROXY, List.of("fn", "fileName"))),
            Map.entry("VRayProxy", new Rule(Kind.PROXY, List.of("fn", "fileName"))),
            Map.entry("VRayMesh", new Rule(Kind.PROXY, List.of("fn", "fileName"))),
            Map.entry("cacheFile", new Rule(Kind.CACHE, List.of("cp", "cachePath"))),
            Map.entry("aiVolume", new Rule(Kind.CACHE, List.of("filename"))),
            Map.entry("RedshiftVolumeShape", new Rule(Kind.CACHE, List.of("fileName"))),
            Map.entry("imagePlane", new Rule(Kind.IMAGE_PLANE, List.of("imn", "imageName"))),
            Map.entry("audio", new Rule(Kind.AUDIO, List.of("f", "filename"))),
            Map.entry("pxrUsdReferenceAssembly", new Rule(Kind.OTHER, List.of("fp", "filePath"))),
            Map.entry("pxrUsdProxyShape", new Rule(Kind.OTHER, List.of("fp", "filePath"))),
            Map.entry("mayaUsdProxyShape", new Rule(Kind.OTHER, List.of("fp", "filePath"))),
            Map.entry("AL_usdmaya_ProxyShape", new Rule(Kind.OTHER, List.of("fp", "filePath"))));

    /** setAttr flags followed by one argument (as scene-service's parser reads them). */
    private static final Set<String> SETATTR_ARG_FLAGS = Set.of("-k", "-keyable", "-l", "-lock", "-cb",
            "-channelBox", "-s", "-size", "-ch", "-caching", "-type", "-typ");
    /** file flags followed by one argument. */
    private static final Set<String> FILE_ARG_FLAGS = Set.of("-rdi", "-ns", "-rfn", "-op", "-typ", "-type", "-dr",
            "-shd", "-rpr", "-lrd", "-mnp", "-lck", "-pmt", "-iv", "-ra", "-rtp");

    private SceneDependencies() {
    }

    /** The files {@code maText} makes Maya load, references first (Maya loads them when it opens the scene). */
    static List<Dependency> of(String maText) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, Reference> references = new LinkedHashMap<>();
        Node current = null;
        for (MelStatements.Statement statement : MelStatements.of(maText)) {
            List<String> words = statement.words();
            switch (words.getFirst()) {
                case "createNode" -> current = createNode(words, statement.line(), nodes);
                case "select" -> current = select(words, nodes, current);
                case "setAttr" -> setAttr(words, statement.line(), nodes, current);
                case "file" -> file(words, statement.line(), references);
                default -> {
                    // Other statements name no file Maya loads.
                }
            }
        }
        List<Dependency> found = new ArrayList<>();
        Set<String> unloadedNamespaces = new HashSet<>();
        for (Reference reference : references.values()) {
            if (reference.deferred) {
                if (reference.namespace != null && !reference.namespace.isEmpty()) {
                    unloadedNamespaces.add(stripRoot(reference.namespace));
                }
                continue;
            }
            found.add(new Dependency(Kind.REFERENCE, reference.node, "reference", reference.path, reference.line,
                    reference.namespace));
        }
        for (Node node : nodes.values()) {
            Rule rule = RULES.get(node.type);
            int colon = node.name.lastIndexOf(':');
            if (rule == null || node.path == null || node.path.isBlank() || node.fileLoadDisabled
                    || colon > 0 && unloadedNamespaces.contains(stripRoot(node.name.substring(0, colon)))) {
                continue;
            }
            String path = node.path;
            if (node.type.equals("cacheFile")) {
                String cacheName = node.cacheName == null ? "" : node.cacheName;
                path = path.endsWith("/") ? path + cacheName + ".xml" : path + "/" + cacheName + ".xml";
            }
            found.add(new Dependency(rule.kind, node.name, rule.names.getLast(), path, node.pathLine));
        }
        return List.copyOf(found);
    }

    private static final class Node {
        final String type;
        final String name;
        String path;
        int pathLine;
        String cacheName;
        boolean fileLoadDisabled;

        Node(String type, String name) {
            this.type = type;
            this.name = name;
        }
    }

    private record Reference(String node, String path, String namespace, boolean deferred, int line) {
    }

    private static Node createNode(List<String> words, int line, Map<String, Node> nodes) {
        String type = null;
        String name = null;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("-n") || word.equals("-name")) {
                name = i + 1 < words.size() ? words.get(++i) : null;
            } else if (word.equals("-p") || word.equals("-parent")) {
                i++;
            } else if (!word.startsWith("-") && type == null) {
                type = word;
            }
        }
        if (type == null) {
            return null;
        }
        // Maya always writes -n; a nameless node still owns the setAttrs that follow.
        Node node = new Node(type, name == null ? type + "#" + line : stripRoot(name));
        nodes.put(node.name, node);
        return node;
    }

    private static Node select(List<String> words, Map<String, Node> nodes, Node current) {
        for (String word : words.subList(1, words.size())) {
            if (!word.startsWith("-")) {
                return nodes.get(stripRoot(word));
            }
        }
        return current;
    }

    private static void setAttr(List<String> words, int line, Map<String, Node> nodes, Node current) {
        int i = 1;
        String plug = null;
        for (; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("-") && !word.startsWith("-.")) {
                if (SETATTR_ARG_FLAGS.contains(word)) {
                    i++;
                }
                continue;
            }
            plug = word;
            i++;
            break;
        }
        if (plug == null) {
            return;
        }
        List<String> values = new ArrayList<>(words.subList(Math.min(i, words.size()), words.size()));
        if (values.size() >= 2 && (values.getFirst().equals("-type") || values.getFirst().equals("-typ"))) {
            values = values.subList(2, values.size());
        }
        Node node = current;
        String attribute;
        if (plug.startsWith(".")) {
            attribute = plug.substring(1);
        } else {
            int dot = plug.indexOf('.');
            if (dot <= 0) {
                return;
            }
            node = nodes.get(stripRoot(plug.substring(0, dot)));
            attribute = plug.substring(dot + 1);
        }
        if (node == null || values.isEmpty()) {
            return;
        }
        String value = values.getFirst();
        Rule rule = RULES.get(node.type);
        if (rule != null && rule.names.contains(attribute)) {
            node.path = value;
            node.pathLine = line;
        } else if (attribute.equals("dfl") || attribute.equals("disableFileLoad")) {
            node.fileLoadDisabled = value.equals("yes") || value.equals("on") || value.equals("true") || value.equals("1");
        } else if (node.type.equals("cacheFile") && (attribute.equals("cn") || attribute.equals("cacheName"))) {
            node.cacheName = value;
        }
    }

    /** {@code file -rdi} and {@code file -r}: Maya writes each reference twice; its first statement says if it loads. */
    private static void file(List<String> words, int line, Map<String, Reference> references) {
        boolean reference = false;
        boolean deferred = false;
        String namespace = null;
        String referenceNode = null;
        String path = null;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("-r") || word.equals("-reference")) {
                reference = true;
            } else if (FILE_ARG_FLAGS.contains(word) && i + 1 < words.size()) {
                String value = words.get(++i);
                switch (word) {
                    case "-rdi" -> {
                        // Deeper levels describe the references of referenced files, which name them themselves.
                        if (!value.equals("1")) {
                            return;
                        }
                        reference = true;
                    }
                    case "-ns" -> namespace = value;
                    case "-rfn" -> referenceNode = value;
                    case "-dr" -> deferred = !value.equals("0");
                    default -> { }
                }
            } else if (!word.startsWith("-")) {
                path = word;
            }
        }
        if (!reference || path == null || path.isBlank()) {
            return;
        }
        String key = referenceNode != null ? referenceNode : path + "\u0000" + namespace;
        references.putIfAbsent(key, new Reference(referenceNode != null ? referenceNode : path, path, namespace,
                deferred, line));
    }

    private static String stripRoot(String name) {
        return name.startsWith(":") ? name.substring(1) : name;
    }
}
