package cloud.yuntu.scene.parse;

import java.util.List;

/**
 * What a scene parser reports, statement by statement (.ma) or chunk by chunk (.mb), in file
 * order. The parsers keep nothing themselves; a visitor decides which facts are worth keeping,
 * which is what keeps memory independent of the file size.
 */
public interface SceneVisitor {

    /** The Maya version the file names in its header ({@code //Maya ASCII 2022 scene}, {@code VERS}). */
    default void mayaVersion(String version) {
    }

    /** The .ma header's {@code //Codeset:} as written (1252, 936, UTF-8). */
    default void codeset(String codeset) {
    }

    /** A {@code requires} statement or {@code PLUG} chunk; {@code maya} itself is not reported. */
    default void requires(String plugin, String version, List<String> nodeTypes) {
    }

    /** Null arguments mean the file did not state that unit. */
    default void currentUnit(String linear, String angular, String time) {
    }

    default void fileInfo(String key, String value) {
    }

    /**
     * A referenced file ({@code file -r} / {@code file -rdi}, {@code FREF} / {@code FRDI}).
     *
     * @param depth 1 for a reference of this scene, 2 for a reference inside that one, ...
     * @param deferred loaded unloaded ({@code -dr 1})
     */
    default void reference(String path, String namespace, String referenceNode, int depth, boolean deferred, long offset) {
    }

    /** Subsequent attribute values belong to this node until the next createNode/select. */
    default void createNode(String type, String name, String parent, long offset) {
    }

    /** {@code select -ne :defaultRenderGlobals} / {@code SLCT}: values now go to an existing node. */
    default void selectNode(String name) {
    }

    /**
     * A written attribute value.
     *
     * @param node the node the value belongs to (the current node unless the statement named another)
     * @param attribute the attribute as written, without the leading dot: short or long name, maybe with [index]
     */
    default void setAttr(String node, String attribute, AttrValue value) {
    }

    /** A dynamic attribute added to {@code node}; lets short and long names be matched. */
    default void addAttr(String node, String longName, String shortName, String type) {
    }

    /** Plugs as {@code node.attribute}. */
    default void connectAttr(String source, String destination) {
    }

    /** A construct the parser does not understand and skipped. */
    default void unknown(String construct, long offset) {
    }
}
