package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.maya.MayaFileNodes;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.Camera;
import cloud.yuntu.contracts.scene.SceneReport.Dependency;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import cloud.yuntu.contracts.scene.SceneReport.FileFacts;
import cloud.yuntu.contracts.scene.SceneReport.Layer;
import cloud.yuntu.contracts.scene.SceneReport.Plugin;
import cloud.yuntu.contracts.scene.SceneReport.Reference;
import cloud.yuntu.contracts.scene.SceneReport.Units;
import cloud.yuntu.contracts.scene.SceneReport.Warning;
import cloud.yuntu.scene.analysis.SceneFacts.ReferenceFact;
import cloud.yuntu.scene.analysis.SceneFacts.Requirement;
import cloud.yuntu.scene.parse.SceneParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns the gathered facts into the report, applying Maya's defaults and raising the warnings. */
final class ReportAssembler {

    private static final Pattern DRIVE_LETTER = Pattern.compile("(?s)^[A-Za-z]:[/\\\\].*");
    private static final int MAX_PATH_WARNINGS = 500;

    private final SceneFacts facts;
    private final AnalysisLimits limits;
    private final List<Warning> warnings = new ArrayList<>();

    ReportAssembler(SceneFacts facts, AnalysisLimits limits) {
        this.facts = facts;
        this.limits = limits;
    }

    ReportAssembler(SceneFacts facts) {
        this(facts, AnalysisLimits.DEFAULT);
    }

    SceneReport assemble(String name, String format, long size, String sha256) {
        // Refused rather than cut: a task built from some of the layers or cameras would render the wrong thing.
        if (facts.layerCount > limits.maxLayers()) {
            throw SceneParseException.refused("the scene has " + facts.layerCount + " render layers; at most "
                    + limits.maxLayers() + " are analysed");
        }
        if (facts.cameraCount > limits.maxCameras()) {
            throw SceneParseException.refused("the scene has " + facts.cameraCount + " cameras; at most "
                    + limits.maxCameras() + " are analysed");
        }
        List<Plugin> plugins = facts.requirements.stream().map(r -> new Plugin(r.plugin(), r.version())).toList();
        List<Camera> cameras = cameras();
        // One immutable list shared by every layer (List.copyOf keeps it), never a copy per layer.
        List<String> renderable = List.copyOf(cameras.stream().filter(Camera::renderable).map(Camera::name).toList());
        List<Layer> layers = new LayerResolver(facts, warnings).layers(renderable);
        String renderer = RenderSettings.of(Optional.ofNullable(facts.nodes.get("defaultRenderGlobals")), Optional.empty())
                .renderer();
        List<Reference> references = facts.references.stream()
                .map(r -> new Reference(r.path(), r.namespace(), r.depth())).toList();
        List<Dependency> dependencies = dependencies();
        if (dependencies.size() > limits.maxDependencies()) {
            throw SceneParseException.refused("the scene has " + dependencies.size() + " file dependencies and references; "
                    + "at most " + limits.maxDependencies() + " are analysed");
        }
        checkRenderer(renderer);
        checkLicence();
        checkPaths(dependencies);
        reportUnknown();
        Units units = new Units(or(facts.linear, "centimeter"), or(facts.angular, "degree"), or(facts.time, "film"));
        return new SceneReport(new FileFacts(name, format, size, sha256, facts.mayaVersion, facts.codeset), units,
                plugins, renderer, layers, cameras, dependencies, references, warnings);
    }

    private List<Camera> cameras() {
        List<Camera> cameras = new ArrayList<>();
        for (NodeFacts node : facts.nodes.values()) {
            if ("camera".equals(node.type())) {
                String name = node.parent() != null ? node.parent() : node.name();
                cameras.add(new Camera(name, node.flag(true, "rnd", "renderable")));
            }
        }
        return cameras;
    }

    private List<Dependency> dependencies() {
        List<Dependency> dependencies = new ArrayList<>();
        for (ReferenceFact reference : facts.references) {
            dependencies.add(new Dependency(reference.referenceNode(), "reference", null, reference.path(),
                    DependencyKind.REFERENCE, false));
            if (reference.deferred()) {
                warnings.add(new Warning("deferred-reference", "reference " + reference.path()
                        + " is saved unloaded; it still has to be uploaded if it is loaded before rendering",
                        reference.referenceNode()));
            }
        }
        // A node of a reference saved unloaded is not loaded by Maya, nor are the files it names.
        Set<String> unloadedNamespaces = new HashSet<>();
        for (ReferenceFact reference : facts.references) {
            if (reference.deferred() && reference.namespace() != null && !reference.namespace().isEmpty()) {
                unloadedNamespaces.add(reference.namespace().replaceFirst("^:", ""));
            }
        }
        if (facts.referencesCapped) {
            warnings.add(new Warning("limit-exceeded", "more references than the analysis keeps; the list is cut", null));
        }
        for (NodeFacts node : facts.nodes.values()) {
            if (node.type() == null) {
                continue;
            }
            int colon = node.name().lastIndexOf(':');
            if (colon > 0 && unloadedNamespaces.contains(node.name().substring(0, colon).replaceFirst("^:", ""))) {
                continue;
            }
            // file.disableFileLoad: Maya keeps the node but never reads its image.
            if (node.flag(false, MayaFileNodes.DISABLE_FILE_LOAD.toArray(String[]::new))) {
                continue;
            }
            for (MayaFileNodes.FileAttribute rule : MayaFileNodes.of(node.type())) {
                if (rule.names().stream().anyMatch(n -> facts.drivenPaths.contains(node.name() + "." + n))) {
                    warnings.add(new Warning("dependency-driven", kindName(rule.kind()) + " path of " + node.name()
                            + " comes from a connection (expression, script or another node); the file Maya loads is "
                            + "only known when Maya evaluates it, so it is not listed", node.name()));
                    continue;
                }
                // An empty path loads nothing (Maya shows no file at all).
                Optional<String> path = node.text(rule.names().toArray(String[]::new)).filter(p -> !p.isBlank());
                if (path.isEmpty()) {
                    continue;
                }
                String value = path.get();
                if (node.type().equals(MayaFileNodes.CACHE_FILE)) {
                    // A cacheFile names a folder and a cache name; the description file is <folder>/<name>.xml.
                    value = MayaFileNodes.cacheDescription(value,
                            node.text(MayaFileNodes.CACHE_NAME.toArray(String[]::new)).orElse(""));
                }
                boolean sequence = FilePattern.isSequence(value)
                        || rule.sequenceFlags().stream().anyMatch(f -> node.number(f).map(n -> n != 0).orElse(false));
                dependencies.add(new Dependency(node.name(), node.type(), rule.attribute(), value, rule.kind(), sequence));
            }
        }
        return dependencies;
    }

    private void checkPaths(List<Dependency> dependencies) {
        int pathWarnings = 0;
        for (Dependency dependency : dependencies) {
            String path = dependency.path();
            String problem = null;
            if (DRIVE_LETTER.matcher(path).matches()) {
                problem = "drive-letter-path";
            } else if (path.startsWith("/") || path.startsWith("\\\\")) {
                problem = "absolute-path";
            }
            if (problem != null && pathWarnings++ < MAX_PATH_WARNINGS) {
                warnings.add(new Warning(problem, kindName(dependency) + " path " + path
                        + " is absolute; render nodes resolve it only if the file is uploaded and remapped", dependency.node()));
            }
        }
        if (pathWarnings > MAX_PATH_WARNINGS) {
            warnings.add(new Warning("limit-exceeded", (pathWarnings - MAX_PATH_WARNINGS)
                    + " further path warnings left out", null));
        }
    }

    private void checkRenderer(String renderer) {
        if (RendererPlugins.builtIn(renderer)) {
            return;
        }
        List<String> needed = RendererPlugins.required(renderer);
        if (needed.isEmpty()) {
            warnings.add(new Warning("renderer-unknown", "renderer " + renderer
                    + " is not one this analysis knows; its plug-in cannot be checked", "defaultRenderGlobals"));
            return;
        }
        boolean declared = facts.requirements.stream().map(Requirement::plugin).anyMatch(needed::contains);
        if (!declared) {
            warnings.add(new Warning("renderer-plugin-not-declared", "renderer " + renderer + " needs plug-in "
                    + String.join(" or ", needed) + ", which the scene does not declare with requires",
                    "defaultRenderGlobals"));
        }
        if (!renderer.equals("arnold")) {
            warnings.add(new Warning("image-format-renderer-specific", "renderer " + renderer
                    + " chooses its output format in its own settings; imageFormat shows the render globals' value",
                    "defaultRenderGlobals"));
        }
    }

    private void checkLicence() {
        String licence = facts.fileInfo.getOrDefault("license", facts.fileInfo.get("licence"));
        if (licence != null) {
            String l = licence.toLowerCase(Locale.ROOT);
            if (l.contains("student") || l.contains("education")) {
                warnings.add(new Warning("student-licence", "saved by a " + licence
                        + " licence of Maya: renders carry its watermark and the file may not be used commercially", null));
            }
        }
    }

    private void reportUnknown() {
        for (SceneFacts.Unknown unknown : facts.unknown) {
            warnings.add(new Warning("unknown-construct", unknown.construct() + " at byte offset " + unknown.offset()
                    + " skipped", null));
        }
        if (facts.unknownCount > facts.unknown.size()) {
            warnings.add(new Warning("unknown-construct", (facts.unknownCount - facts.unknown.size())
                    + " further unknown constructs skipped", null));
        }
    }

    static String kindName(Dependency dependency) {
        return kindName(dependency.kind());
    }

    static String kindName(DependencyKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** At most {@code max} warnings, the rest counted in one limit-exceeded warning (warnings are advice: cutting them keeps the report true). */
    static SceneReport capWarnings(SceneReport report, int max) {
        if (report.warnings().size() <= max) {
            return report;
        }
        List<Warning> kept = new ArrayList<>(report.warnings().subList(0, max));
        kept.add(new Warning("limit-exceeded", (report.warnings().size() - max) + " further warnings left out", null));
        return new SceneReport(report.file(), report.units(), report.plugins(), report.renderer(), report.layers(),
                report.cameras(), report.dependencies(), report.references(), kept);
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
