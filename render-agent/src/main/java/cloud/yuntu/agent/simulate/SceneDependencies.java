package cloud.yuntu.agent.simulate;

import cloud.yuntu.contracts.maya.MayaFileNodes;
import cloud.yuntu.contracts.maya.MayaFileNodes.FileAttribute;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files a Maya ASCII scene makes Maya load: referenced files ({@code file -r ... "path";}) and
 * the paths of file-loading nodes ({@code setAttr ".ftn" -type "string" "path";} on a {@code file}
 * node, and the other node types of contracts' {@link MayaFileNodes}, the table scene-service's
 * analysis reads scenes by too). A pure rule over the scene's statements, fed one at a time
 * ({@link #accept}) as {@link MelStatements} reads them: it keeps only the nodes of that table and the
 * references, so a scene of any size is read in bounded memory.
 *
 * <p>Maya's rules that scene-service applies are applied the same way: a reference whose first
 * statement is saved unloaded ({@code -dr 1}) is not loaded, nor are the files its namespace's nodes
 * name; a file node with {@code disableFileLoad} reads nothing; an empty path names nothing; a
 * {@code cacheFile} names {@code <cachePath>/<cacheName>.xml}. A path driven by a connection is only
 * known to Maya when it evaluates it and is left out.
 */
final class SceneDependencies {

    /**
     * @param node the node naming the file (a reference's reference node, or its path when it has none)
     * @param attribute the attribute's long name; {@code reference} for a reference
     * @param path the path as the scene writes it
     * @param line the line of the scene where the statement naming it begins
     * @param namespace a reference's namespace, which the names of its nodes take in the scene; null for a node's file
     */
    record Dependency(DependencyKind kind, String node, String attribute, String path, int line, String namespace) {

        Dependency(DependencyKind kind, String node, String attribute, String path, int line) {
            this(kind, node, attribute, path, line, null);
        }

        /** The same file named by the node as the referencing scene knows it, {@code <namespace>:<node>}. */
        Dependency inNamespace(String referenceNamespace) {
            return referenceNamespace == null || referenceNamespace.isEmpty() ? this
                    : new Dependency(kind, stripRoot(referenceNamespace) + ":" + node, attribute, path, line, namespace);
        }
    }

    /** setAttr flags followed by one argument (as scene-service's parser reads them). */
    private static final Set<String> SETATTR_ARG_FLAGS = Set.of("-k", "-keyable", "-l", "-lock", "-cb",
            "-channelBox", "-s", "-size", "-ch", "-caching", "-type", "-typ");
    /** file flags followed by one argument. */
    private static final Set<String> FILE_ARG_FLAGS = Set.of("-rdi", "-ns", "-rfn", "-op", "-typ", "-type", "-dr",
            "-shd", "-rpr", "-lrd", "-mnp", "-lck", "-pmt", "-iv", "-ra", "-rtp");

    /** The nodes that load a file, by name; other nodes are not kept. */
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Reference> references = new LinkedHashMap<>();
    /** The node {@code setAttr ".attr"} sets: the last one created or selected; null when it loads no file. */
    private Node current;

    SceneDependencies() {
    }

    /** The files {@code maText} makes Maya load, references first (Maya loads them when it opens the scene). */
    static List<Dependency> of(String maText) {
        SceneDependencies dependencies = new SceneDependencies();
        MelStatements.of(maText).forEach(dependencies::accept);
        return dependencies.found();
    }

    /** Takes the scene's next statement. */
    void accept(MelStatements.Statement statement) {
        List<String> words = statement.words();
        switch (words.getFirst()) {
            case "createNode" -> current = createNode(words, statement.line());
            case "select" -> current = select(words);
            case "setAttr" -> setAttr(words, statement.line());
            case "file" -> file(words, statement.line());
            default -> {
                // Other statements name no file Maya loads.
            }
        }
    }

    /** The files the statements so far make Maya load, references first (Maya loads them when it opens the scene). */
    List<Dependency> found() {
        List<Dependency> found = new ArrayList<>();
        Set<String> unloadedNamespaces = new HashSet<>();
        for (Reference reference : references.values()) {
            if (reference.deferred) {
                if (reference.namespace != null && !reference.namespace.isEmpty()) {
                    unloadedNamespaces.add(stripRoot(reference.namespace));
                }
                continue;
            }
            found.add(new Dependency(DependencyKind.REFERENCE, reference.node, "reference", reference.path,
                    reference.line, reference.namespace));
        }
        for (Node node : nodes.values()) {
            int colon = node.name.lastIndexOf(':');
            if (node.fileLoadDisabled
                    || colon > 0 && unloadedNamespaces.contains(stripRoot(node.name.substring(0, colon)))) {
                continue;
            }
            for (FileAttribute file : node.files) {
                String path = node.paths.get(file);
                if (path == null || path.isBlank()) {
                    continue;
                }
                if (node.type.equals(MayaFileNodes.CACHE_FILE)) {
                    path = MayaFileNodes.cacheDescription(path, node.cacheName);
                }
                found.add(new Dependency(file.kind(), node.name, file.attribute(), path, node.pathLines.get(file)));
            }
        }
        return List.copyOf(found);
    }

    /** A node that loads files: where each file attribute was last set, and what turns its loading off. */
    private static final class Node {
        final String type;
        final String name;
        final List<FileAttribute> files;
        final Map<FileAttribute, String> paths = new HashMap<>();
        final Map<FileAttribute, Integer> pathLines = new HashMap<>();
        String cacheName;
        boolean fileLoadDisabled;

        Node(String type, String name, List<FileAttribute> files) {
            this.type = type;
            this.name = name;
            this.files = files;
        }
    }

    private record Reference(String node, String path, String namespace, boolean deferred, int line) {
    }

    private Node createNode(List<String> words, int line) {
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
        List<FileAttribute> files = type == null ? List.of() : MayaFileNodes.of(type);
        if (files.isEmpty()) {
            // Not kept: a scene's other nodes (most of a big one) name no file, and their setAttrs go nowhere.
            return null;
        }
        // Maya always writes -n; a nameless node still owns the setAttrs that follow.
        Node node = new Node(type, name == null ? type + "#" + line : stripRoot(name), files);
        nodes.put(node.name, node);
        return node;
    }

    private Node select(List<String> words) {
        for (String word : words.subList(1, words.size())) {
            if (!word.startsWith("-")) {
                return nodes.get(stripRoot(word));
            }
        }
        return current;
    }

    private void setAttr(List<String> words, int line) {
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
        List<String> values = words.subList(Math.min(i, words.size()), words.size());
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
        for (FileAttribute file : node.files) {
            if (file.isNamed(attribute)) {
                node.paths.put(file, value);
                node.pathLines.put(file, line);
                return;
            }
        }
        if (MayaFileNodes.DISABLE_FILE_LOAD.contains(attribute)) {
            node.fileLoadDisabled = value.equals("yes") || value.equals("on") || value.equals("true") || value.equals("1");
        } else if (node.type.equals(MayaFileNodes.CACHE_FILE) && MayaFileNodes.CACHE_NAME.contains(attribute)) {
            node.cacheName = value;
        }
    }

    /** {@code file -rdi} and {@code file -r}: Maya writes each reference twice; its first statement says if it loads. */
    private void file(List<String> words, int line) {
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
