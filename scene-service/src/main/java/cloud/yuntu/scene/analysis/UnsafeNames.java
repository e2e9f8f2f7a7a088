package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.Camera;
import cloud.yuntu.contracts.scene.SceneReport.Dependency;
import cloud.yuntu.contracts.scene.SceneReport.FileFacts;
import cloud.yuntu.contracts.scene.SceneReport.Layer;
import cloud.yuntu.contracts.scene.SceneReport.Plugin;
import cloud.yuntu.contracts.scene.SceneReport.Reference;
import cloud.yuntu.contracts.scene.SceneReport.Units;
import cloud.yuntu.contracts.scene.SceneReport.Warning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * No control character (NUL, newline, ESC, ...) leaves the analysis: PostgreSQL's jsonb refuses
 * {@code \u0000}, and a newline in a layer or camera name would forge lines in agents' logs and
 * command lines. Each one becomes U+FFFD, and each node whose name had one gets an
 * {@code unsafe-name} warning, so the task using it can be refused with a clear reason.
 */
public final class UnsafeNames {

    public static final char REPLACEMENT = '\uFFFD';

    private UnsafeNames() {
    }

    static boolean unsafe(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The text with every control character replaced by U+FFFD; null stays null. */
    public static String clean(String text) {
        if (!unsafe(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? REPLACEMENT : c);
        }
        return out.toString();
    }

    /** The report with every string cleaned, plus one {@code unsafe-name} warning per node name that needed it. */
    public static SceneReport clean(SceneReport report) {
        Set<String> unsafeNodes = new LinkedHashSet<>();
        Set<String> unsafePaths = new LinkedHashSet<>();
        List<Layer> layers = new ArrayList<>();
        for (Layer l : report.layers()) {
            note(unsafeNodes, l.name());
            List<String> cameras = l.cameras().stream().anyMatch(UnsafeNames::unsafe)
                    ? l.cameras().stream().map(UnsafeNames::clean).toList() : l.cameras();
            layers.add(new Layer(clean(l.name()), l.renderable(), clean(l.renderer()), l.frames(), clean(l.imagePrefix()),
                    clean(l.imageFormat()), l.resolution(), cameras));
        }
        List<Camera> cameras = new ArrayList<>();
        for (Camera c : report.cameras()) {
            note(unsafeNodes, c.name());
            cameras.add(new Camera(clean(c.name()), c.renderable()));
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (Dependency d : report.dependencies()) {
            note(unsafeNodes, d.node());
            if (unsafe(d.path())) {
                unsafePaths.add(clean(d.node()));
            }
            dependencies.add(new Dependency(clean(d.node()), clean(d.nodeType()), clean(d.attribute()), clean(d.path()),
                    d.kind(), d.sequence()));
        }
        List<Reference> references = report.references().stream()
                .map(r -> new Reference(clean(r.path()), clean(r.namespace()), r.depth())).toList();
        List<Warning> warnings = new ArrayList<>();
        for (Warning w : report.warnings()) {
            warnings.add(new Warning(w.code(), clean(w.message()), clean(w.node())));
        }
        for (String node : unsafeNodes) {
            warnings.add(new Warning("unsafe-name", "node " + node + " has control characters (NUL, newline, ...) "
                    + "in its name; each is reported as U+FFFD and the name cannot be used on a render command line", node));
        }
        for (String node : unsafePaths) {
            warnings.add(new Warning("unsafe-name", "the file path of node " + node + " has control characters; each is "
                    + "reported as U+FFFD", node));
        }
        FileFacts f = report.file();
        Units u = report.units();
        return new SceneReport(new FileFacts(clean(f.name()), f.format(), f.sizeBytes(), f.sha256(), clean(f.mayaVersion()),
                clean(f.codeset())), new Units(clean(u.linear()), clean(u.angular()), clean(u.time())),
                report.plugins().stream().map(p -> new Plugin(clean(p.name()), clean(p.version()))).toList(),
                clean(report.renderer()), layers, cameras, dependencies, references, warnings);
    }

    private static void note(Set<String> unsafeNodes, String name) {
        if (unsafe(name)) {
            unsafeNodes.add(clean(name));
        }
    }
}
