package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.task.frame.FrameList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a task renders, from the scene analysis and the user's overrides: one planned layer per
 * render layer, each with its own renderer, frames, resolution, image format, prefix and camera
 * as the report gives them, unless the user's request says otherwise. A pure rule: the same
 * report and request always give the same plan or the same refusal, and a refusal names what is
 * wrong in words the user can act on (the task fails with it).
 */
public final class LayerPlan {

    /** Maya's file name when the scene writes no image prefix: the scene's name. */
    static final String MAYA_DEFAULT_PREFIX = "<Scene>";
    static final String DEFAULT_IMAGE_FORMAT = "png";
    private static final int MAX_RESOLUTION = 32768;
    private static final int LISTED = 10;

    private LayerPlan() {
    }

    /** The plan, or why there is none. Both carry the missing dependencies the report found. */
    public sealed interface Outcome permits Planned, Refused {

        List<MissingDependency> missing();
    }

    public record Planned(List<PlannedLayer> layers, List<MissingDependency> missing) implements Outcome {

        public int framesTotal() {
            return layers.stream().mapToInt(l -> l.numbers().size()).sum();
        }

        public Set<String> renderers() {
            return layers.stream().map(PlannedLayer::renderer).collect(Collectors.toUnmodifiableSet());
        }

        /** The largest image (by pixels) any layer renders, which the tier's memory must hold. */
        public Resolution largestResolution() {
            return layers.stream().map(PlannedLayer::resolution)
                    .max((a, b) -> Long.compare((long) a.width() * a.height(), (long) b.width() * b.height()))
                    .orElse(null);
        }
    }

    public record Refused(String reason, List<MissingDependency> missing) implements Outcome {
    }

    /**
     * @param camera null: the layer's renderable cameras
     * @param outputPrefix Maya's {@code -im}; null: Maya's default
     * @param framesSpec the layer's frames as a Maya frame list
     * @param numbers every frame the layer renders, ascending
     */
    public record PlannedLayer(String name, String renderer, String camera, Resolution resolution, String imageFormat,
            String outputPrefix, String framesSpec, List<Integer> numbers) {

        public TaskLayer toTaskLayer(java.util.UUID taskId) {
            return new TaskLayer(taskId, name, renderer, camera, resolution, imageFormat, outputPrefix, framesSpec,
                    numbers.size());
        }
    }

    /** Thrown inside the rule for a refusal; never leaves it. */
    private static final class Refusal extends RuntimeException {

        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param maxFrames the most frames a task may have over all its layers
     */
    public static Outcome plan(SceneReport report, TaskOverrides requested, int maxFrames) {
        if (report == null) {
            return new Refused("the scene analysis sent no report", List.of());
        }
        List<MissingDependency> missing = missing(report);
        try {
            List<PlannedLayer> layers = layers(report, requested, maxFrames);
            if (!missing.isEmpty() && !requested.allowMissing()) {
                return new Refused(missingReason(missing), missing);
            }
            return new Planned(layers, missing);
        } catch (Refusal refusal) {
            return new Refused(refusal.getMessage(), missing);
        }
    }

    private static List<PlannedLayer> layers(SceneReport report, TaskOverrides requested, int maxFrames) {
        SceneReport.FileFacts file = report.file();
        if (file == null || !("ma".equals(file.format()) || "mb".equals(file.format()))) {
            throw new Refusal("the scene is not a Maya scene (.ma or .mb)");
        }
        if (report.layers().isEmpty()) {
            throw new Refusal("the scene has no render layer: there is nothing to render");
        }
        FrameList frames = null;
        if (requested.frames() != null) {
            try {
                frames = FrameList.parse(requested.frames(), maxFrames);
            } catch (FrameList.InvalidFrameList e) {
                throw new Refusal("frames " + e.getMessage());
            }
        }
        Set<String> sceneCameras = report.cameras().stream().map(SceneReport.Camera::name).collect(Collectors.toSet());
        if (requested.camera() != null && !sceneCameras.contains(requested.camera())) {
            throw new Refusal("camera \"" + RenderNames.printable(requested.camera()) + "\" is not in the scene; its cameras are: "
                    + listed(report.cameras().stream().map(SceneReport.Camera::name).toList()));
        }
        List<PlannedLayer> planned = new ArrayList<>();
        for (SceneReport.Layer layer : selected(report, requested)) {
            planned.add(layer(report, layer, requested, frames, maxFrames));
        }
        long total = planned.stream().mapToLong(l -> l.numbers().size()).sum();
        if (total == 0) {
            throw new Refusal("no frame to render");
        }
        if (total > maxFrames) {
            throw new Refusal("the layers add up to " + total + " frames; a task may have at most " + maxFrames
                    + " (ask for fewer frames or layers)");
        }
        return distinctPrefixes(planned);
    }

    /** The layers the user named, in the user's order, or else the scene's renderable ones. */
    private static List<SceneReport.Layer> selected(SceneReport report, TaskOverrides requested) {
        Map<String, SceneReport.Layer> byName = new LinkedHashMap<>();
        for (SceneReport.Layer layer : report.layers()) {
            if (byName.putIfAbsent(layer.name(), layer) != null) {
                throw new Refusal("the scene has two render layers named \"" + RenderNames.printable(layer.name()) + "\"");
            }
        }
        if (requested.layers() != null) {
            List<SceneReport.Layer> chosen = new ArrayList<>();
            for (String name : new java.util.LinkedHashSet<>(requested.layers())) {
                SceneReport.Layer layer = byName.get(name);
                if (layer == null) {
                    throw new Refusal("layer \"" + RenderNames.printable(name) + "\" is not in the scene; its layers are: "
                            + listed(List.copyOf(byName.keySet())));
                }
                chosen.add(layer);
            }
            return chosen;
        }
        List<SceneReport.Layer> renderable = report.layers().stream().filter(SceneReport.Layer::renderable).toList();
        if (renderable.isEmpty()) {
            throw new Refusal("no render layer of the scene is renderable; name the layers to render in layers: "
                    + listed(List.copyOf(byName.keySet())));
        }
        return renderable;
    }

    private static PlannedLayer layer(SceneReport report, SceneReport.Layer layer, TaskOverrides requested,
            FrameList frames, int maxFrames) {
        String name = layer.name();
        if (name == null || name.isBlank() || RenderNames.unsafe(name) || name.length() > RenderNames.MAX_NAME) {
            throw new Refusal("render layer \"" + RenderNames.printable(name)
                    + "\" has a name the farm cannot pass to Maya (empty, too long, or with control characters); rename it in the scene");
        }
        String quoted = "layer \"" + name + "\"";

        String renderer = firstOf(requested.renderer(), layer.renderer(), report.renderer());
        if (renderer == null) {
            throw new Refusal(quoted + " names no renderer; give one in renderer");
        }
        if (!RenderNames.RENDERER.matcher(renderer).matches()) {
            throw new Refusal(quoted + " renders with \"" + RenderNames.printable(renderer)
                    + "\", which is not a renderer name the farm knows (such as arnold or redshift)");
        }

        String camera = requested.camera();
        List<String> cameras = layer.cameras();
        for (String c : cameras) {
            if (RenderNames.unsafe(c) || c.isBlank() || c.length() > RenderNames.MAX_NAME) {
                throw new Refusal(quoted + " renders camera \"" + RenderNames.printable(c)
                        + "\", a name the farm cannot pass to Maya; rename it in the scene or choose another in camera");
            }
        }
        if (camera == null) {
            if (cameras.isEmpty()) {
                throw new Refusal(quoted + " has no renderable camera; name one in camera");
            }
            // One camera is named on the job, so the view shows it; several stay null: Maya renders them all.
            camera = cameras.size() == 1 ? cameras.getFirst() : null;
        }

        Resolution resolution = requested.resolution();
        if (resolution == null && layer.resolution() != null) {
            resolution = new Resolution(layer.resolution().width(), layer.resolution().height());
        }
        if (resolution == null || resolution.width() < 1 || resolution.height() < 1
                || resolution.width() > MAX_RESOLUTION || resolution.height() > MAX_RESOLUTION) {
            throw new Refusal(quoted + " has no usable resolution ("
                    + (resolution == null ? "none" : resolution.width() + "x" + resolution.height())
                    + "); give one in resolution");
        }

        String format = firstOf(requested.imageFormat(), layer.imageFormat(), DEFAULT_IMAGE_FORMAT);
        if (!RenderNames.IMAGE_FORMAT.matcher(format).matches()) {
            throw new Refusal(quoted + " writes images as \"" + RenderNames.printable(format)
                    + "\", which is not an image format the farm knows; give one in imageFormat");
        }
        format = format.toLowerCase(java.util.Locale.ROOT);

        String prefix = requested.outputPrefix() != null ? requested.outputPrefix()
                : layer.imagePrefix() == null || layer.imagePrefix().isBlank() ? null : layer.imagePrefix();
        if (prefix != null) {
            String given = prefix;
            RenderNames.prefixProblem(prefix).ifPresent(problem -> {
                throw new Refusal(quoted + " names its images \"" + RenderNames.printable(given) + "\", which " + problem
                        + "; give another in outputPrefix");
            });
        }

        String spec;
        List<Integer> numbers;
        if (frames != null) {
            spec = requested.frames().strip();
            numbers = frames.numbers();
        } else {
            SceneReport.Frames range = layer.frames();
            if (range == null) {
                throw new Refusal(quoted + " has no frame range; give one in frames");
            }
            numbers = numbers(quoted, range, maxFrames);
            int start = numbers.getFirst();
            int end = (int) range.end();
            int by = (int) range.by();
            spec = start == end ? Integer.toString(start) : by == 1 ? start + "-" + end : start + "-" + end + "x" + by;
        }
        return new PlannedLayer(name, renderer, camera, resolution, format, prefix, spec, numbers);
    }

    private static List<Integer> numbers(String quoted, SceneReport.Frames range, int maxFrames) {
        double start = range.start();
        double end = range.end();
        double by = range.by();
        if (!whole(start) || !whole(end) || !whole(by)) {
            throw new Refusal(quoted + " renders fractional frames (" + start + " to " + end + " by " + by
                    + "), which the farm does not split; give whole frames in frames");
        }
        if (by < 1) {
            throw new Refusal(quoted + " steps by " + (long) by + "; give frames with a step of at least 1");
        }
        if (end < start) {
            throw new Refusal(quoted + " ends (" + (long) end + ") before it starts (" + (long) start + ")");
        }
        long count = ((long) end - (long) start) / (long) by + 1;
        if (count > maxFrames) {
            throw new Refusal(quoted + " has " + count + " frames; a task may have at most " + maxFrames);
        }
        int first = (int) start;
        int step = (int) by;
        return IntStream.range(0, (int) count).map(i -> first + i * step).boxed().toList();
    }

    private static boolean whole(double value) {
        return value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE;
    }

    /**
     * Two layers writing the same file names would overwrite each other's images; Maya's own
     * answer is a folder per layer, so such layers get {@code <RenderLayer>/} in front.
     */
    private static List<PlannedLayer> distinctPrefixes(List<PlannedLayer> layers) {
        Map<String, Integer> sharing = new LinkedHashMap<>();
        for (PlannedLayer layer : layers) {
            String effective = Objects.requireNonNullElse(layer.outputPrefix(), MAYA_DEFAULT_PREFIX);
            if (!RenderNames.namesLayer(effective)) {
                sharing.merge(effective, 1, Integer::sum);
            }
        }
        List<PlannedLayer> distinct = new ArrayList<>(layers.size());
        for (PlannedLayer l : layers) {
            String effective = Objects.requireNonNullElse(l.outputPrefix(), MAYA_DEFAULT_PREFIX);
            boolean shared = !RenderNames.namesLayer(effective) && sharing.getOrDefault(effective, 0) > 1;
            distinct.add(shared ? new PlannedLayer(l.name(), l.renderer(), l.camera(), l.resolution(), l.imageFormat(),
                    "<RenderLayer>/" + effective, l.framesSpec(), l.numbers()) : l);
        }
        return distinct;
    }

    /** The report's missing-dependency warnings, with path and kind from its dependency list. */
    static List<MissingDependency> missing(SceneReport report) {
        Map<String, SceneReport.Dependency> byNode = new LinkedHashMap<>();
        report.dependencies().forEach(d -> byNode.putIfAbsent(d.node(), d));
        List<MissingDependency> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SceneReport.Warning warning : report.warnings()) {
            if (!"missing-dependency".equals(warning.code())) {
                continue;
            }
            SceneReport.Dependency dependency = warning.node() == null ? null : byNode.get(warning.node());
            String key = warning.node() + "\u0000" + warning.message();
            if (seen.add(key)) {
                missing.add(new MissingDependency(warning.node(),
                        dependency == null ? null : dependency.kind().name().toLowerCase(java.util.Locale.ROOT),
                        dependency == null ? null : dependency.path(), warning.message()));
            }
        }
        return List.copyOf(missing);
    }

    private static String missingReason(List<MissingDependency> missing) {
        String files = missing.stream().limit(LISTED)
                .map(m -> RenderNames.printable(m.path() != null ? m.path() : m.message()))
                .collect(Collectors.joining(", "));
        if (missing.size() > LISTED) {
            files += " and " + (missing.size() - LISTED) + " more";
        }
        return (missing.size() == 1 ? "1 file the scene needs is missing: " : missing.size() + " files the scene needs are missing: ")
                + files + "; upload them with the scene, or submit again with allowMissing to render without them";
    }

    private static String listed(List<String> names) {
        String shown = names.stream().limit(LISTED).map(RenderNames::printable).collect(Collectors.joining(", "));
        return names.size() > LISTED ? shown + " and " + (names.size() - LISTED) + " more" : shown;
    }

    @SafeVarargs
    private static <T> T firstOf(T... values) {
        for (T value : values) {
            if (value != null && !(value instanceof String s && s.isBlank())) {
                return value;
            }
        }
        return null;
    }
}
