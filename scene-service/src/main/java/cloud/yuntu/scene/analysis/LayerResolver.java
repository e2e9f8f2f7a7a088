package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport.Frames;
import cloud.yuntu.contracts.scene.SceneReport.Layer;
import cloud.yuntu.contracts.scene.SceneReport.Resolution;
import cloud.yuntu.contracts.scene.SceneReport.Warning;
import cloud.yuntu.scene.analysis.SceneFacts.Connection;
import cloud.yuntu.scene.parse.AttrValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layers a render of the scene produces: every legacy render layer (Render Setup layers are
 * backed by one each, {@code rs_<name>}), with the scene's render globals, the layer's legacy
 * adjustments, then the absolute/relative overrides of its Render Setup layer on render settings.
 */
final class LayerResolver {

    private static final Pattern ADJUSTMENT = Pattern.compile("(?:adjs|adjustments)\\[(\\d+)]\\.(?:plg|plug)");
    /** Render-settings attributes an override may name, by the node they live on. */
    private static final Set<String> GLOBALS_ATTRIBUTES = Set.of("currentRenderer", "animation", "startFrame", "endFrame",
            "byFrameStep", "imageFilePrefix", "imfPluginKey", "imageFormat");
    private static final Set<String> RESOLUTION_ATTRIBUTES = Set.of("width", "height");

    private final SceneFacts facts;
    private final List<Warning> warnings;
    private final Map<String, Set<String>> links = new HashMap<>();

    LayerResolver(SceneFacts facts, List<Warning> warnings) {
        this.facts = facts;
        this.warnings = warnings;
        for (Connection c : facts.connections) {
            links.computeIfAbsent(c.sourceNode(), k -> new LinkedHashSet<>()).add(c.destinationNode());
            links.computeIfAbsent(c.destinationNode(), k -> new LinkedHashSet<>()).add(c.sourceNode());
        }
    }

    /**
     * @param renderableCameras one shared immutable list: every layer refers to it, so layers x cameras
     *        costs no memory (the report size limit bounds what it costs once serialized)
     */
    List<Layer> layers(List<String> renderableCameras) {
        RenderSettings scene = RenderSettings.of(node("defaultRenderGlobals"), node("defaultResolution"),
                MayaDefaults.resolution(facts.mayaVersion));
        double currentFrame = node("time1").flatMap(t -> t.number("o", "outTime")).orElse(1.0);
        Map<String, NodeFacts> setupLayerOf = setupLayers();
        String version = node("defaultRenderGlobals").flatMap(g -> g.text("rv", "renderVersion")).orElse("");
        record Resolved(String name, boolean renderable, RenderSettings settings, String pathName) {
        }
        List<Resolved> resolved = new ArrayList<>();
        for (NodeFacts node : facts.nodes.values()) {
            if (!"renderLayer".equals(node.type()) || node.name().contains(":")) {
                continue;
            }
            RenderSettings settings = adjusted(scene, node);
            NodeFacts setupLayer = setupLayerOf.get(node.name());
            if (setupLayer != null) {
                settings = overridden(settings, setupLayer);
            }
            resolved.add(new Resolved(node.name(), node.flag(true, "rndr", "renderable"), settings,
                    ImagePrefixes.layerPathName(node.name(), setupLayer != null ? setupLayer.name() : null)));
        }
        if (resolved.isEmpty()) {
            // Every scene has the master layer, even when (as before Maya 8) the file does not write it.
            resolved.add(new Resolved("defaultRenderLayer", true, scene, ImagePrefixes.layerPathName("defaultRenderLayer", null)));
        }
        long renderableLayers = resolved.stream().filter(Resolved::renderable).count();
        List<Layer> layers = new ArrayList<>();
        for (Resolved r : resolved) {
            String prefix = ImagePrefixes.resolve(r.settings().imagePrefix(), r.pathName(), renderableCameras, version,
                    renderableLayers > 1);
            layers.add(layer(r.name(), r.renderable(), r.settings(), currentFrame, renderableCameras, prefix));
        }
        return layers;
    }

    private Layer layer(String name, boolean renderable, RenderSettings s, double currentFrame, List<String> cameras,
            String prefix) {
        Frames frames = s.animation() ? new Frames(s.start(), s.end(), s.by()) : new Frames(currentFrame, currentFrame, 1);
        return new Layer(name, renderable, s.renderer(), frames, prefix, imageFormat(s), new Resolution(s.width(), s.height()),
                cameras);
    }

    private String imageFormat(RenderSettings s) {
        if (s.imfPluginKey() != null) {
            return s.imfPluginKey();
        }
        if (s.renderer().equals("arnold")) {
            return node("defaultArnoldDriver").flatMap(d -> d.text("ai_translator", "aitr")).orElse("exr");
        }
        String name = ImageFormats.name(s.imageFormat());
        return name != null ? name : "imageFormat=" + s.imageFormat();
    }

    /** Legacy render layer adjustments: {@code adjs[i].plg} connected from a globals plug, {@code adjs[i].val} its value. */
    private RenderSettings adjusted(RenderSettings settings, NodeFacts layer) {
        for (Connection c : facts.connections) {
            if (!c.destinationNode().equals(layer.name())) {
                continue;
            }
            Matcher m = ADJUSTMENT.matcher(c.destinationAttribute());
            if (!m.matches()) {
                continue;
            }
            String index = m.group(1);
            Optional<AttrValue> value = layer.value("adjs[" + index + "].val", "adjustments[" + index + "].value");
            if (value.isEmpty()) {
                continue;
            }
            Optional<RenderSettings> changed = switch (c.sourceNode()) {
                case "defaultRenderGlobals" -> settings.with(c.sourceAttribute(), value.get());
                case "defaultResolution" -> settings.withResolution(c.sourceAttribute(), value.get());
                default -> Optional.empty();
            };
            settings = changed.orElse(settings);
        }
        return settings;
    }

    /** Legacy layer name -> the Render Setup layer it backs. */
    private Map<String, NodeFacts> setupLayers() {
        Map<String, NodeFacts> byLegacy = new HashMap<>();
        for (NodeFacts node : facts.nodes.values()) {
            if (!"renderSetupLayer".equals(node.type())) {
                continue;
            }
            String legacy = null;
            for (String linked : links.getOrDefault(node.name(), Set.of())) {
                NodeFacts other = facts.nodes.get(linked);
                if (other != null && "renderLayer".equals(other.type())) {
                    legacy = linked;
                }
            }
            if (legacy == null && facts.nodes.containsKey("rs_" + node.name())) {
                legacy = "rs_" + node.name();
            }
            if (legacy != null) {
                byLegacy.put(legacy, node);
            }
        }
        return byLegacy;
    }

    /**
     * Applies the enabled overrides reachable from the setup layer through its collections. The
     * real semantics (collection selectors choosing nodes, override order, nested-collection
     * enabling) need Maya; this applies absolute and relative overrides of render-settings
     * attributes in file order and says so in a warning.
     */
    private RenderSettings overridden(RenderSettings settings, NodeFacts setupLayer) {
        for (NodeFacts override : overridesOf(setupLayer)) {
            Optional<String> attribute = override.text("atr", "attribute");
            if (attribute.isEmpty() || !enabled(override)) {
                continue;
            }
            String name = attribute.get();
            boolean globals = GLOBALS_ATTRIBUTES.contains(name);
            if (!globals && !RESOLUTION_ATTRIBUTES.contains(name)) {
                continue;
            }
            // A unique override names the one node it changes; a startFrame of another node is not the render range.
            Optional<String> target = override.text("tgName", "targetNodeName");
            if (target.isPresent() && !target.get().equals(globals ? "defaultRenderGlobals" : "defaultResolution")) {
                continue;
            }
            Optional<AttrValue> value = overrideValue(override, settings, name);
            if (value.isEmpty()) {
                warnings.add(new Warning("render-setup-override-not-applied", "override of " + name + " on layer "
                        + setupLayer.name() + " has no value this analysis can read", override.name()));
                continue;
            }
            settings = (globals ? settings.with(name, value.get()) : settings.withResolution(name, value.get()))
                    .orElse(settings);
            warnings.add(new Warning("render-setup-override", override.type() + " sets " + name + " to "
                    + value.get().text() + " on layer " + setupLayer.name()
                    + " (Render Setup semantics approximated: collection selectors are not evaluated)", override.name()));
        }
        return settings;
    }

    /**
     * Render Setup writes a user's switch as {@code selfEnabled} (the computed {@code enabled} is not
     * saved by newer files); a disabled collection disables what it holds.
     */
    private boolean enabled(NodeFacts override) {
        if (!override.flag(true, "en", "enabled") || !override.flag(true, "se", "selfEnabled")) {
            return false;
        }
        for (String linked : links.getOrDefault(override.name(), Set.of())) {
            NodeFacts parent = facts.nodes.get(linked);
            if (parent != null && parent.type() != null && LayerFamily.of(parent.type()) == LayerFamily.COLLECTION
                    && (!parent.flag(true, "se", "selfEnabled") || !parent.flag(true, "en", "enabled"))) {
                return false;
            }
        }
        return true;
    }

    private Optional<AttrValue> overrideValue(NodeFacts override, RenderSettings settings, String attribute) {
        if ("relOverride".equals(override.type())) {
            double base = switch (attribute) {
                case "startFrame" -> settings.start();
                case "endFrame" -> settings.end();
                case "byFrameStep" -> settings.by();
                case "width" -> settings.width();
                case "height" -> settings.height();
                default -> Double.NaN;
            };
            if (Double.isNaN(base)) {
                return Optional.empty();
            }
            double multiply = override.number("mul", "multiply").orElse(1.0);
            double offset = override.number("ofs", "offset").orElse(0.0);
            return Optional.of(AttrValue.of(null, format(base * multiply + offset)));
        }
        return override.value("atv", "attrValue");
    }

    private List<NodeFacts> overridesOf(NodeFacts setupLayer) {
        List<NodeFacts> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(setupLayer.name());
        seen.add(setupLayer.name());
        while (!queue.isEmpty()) {
            for (String linked : links.getOrDefault(queue.poll(), Set.of())) {
                NodeFacts node = facts.nodes.get(linked);
                if (node == null || node.type() == null || !seen.add(linked)) {
                    continue;
                }
                LayerFamily family = LayerFamily.of(node.type());
                if (family == LayerFamily.COLLECTION) {
                    queue.add(linked);
                } else if (family == LayerFamily.OVERRIDE) {
                    found.add(node);
                    queue.add(linked);
                }
            }
        }
        // File order, which is the order Maya created (and applies) them in.
        found.sort((a, b) -> Integer.compare(order().get(a.name()), order().get(b.name())));
        return found;
    }

    private Map<String, Integer> order;

    private Map<String, Integer> order() {
        if (order == null) {
            order = new HashMap<>();
            for (String name : facts.nodes.keySet()) {
                order.put(name, order.size());
            }
        }
        return order;
    }

    private Optional<NodeFacts> node(String name) {
        return Optional.ofNullable(facts.nodes.get(name));
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
