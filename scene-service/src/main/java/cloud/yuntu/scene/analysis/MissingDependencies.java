package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.Dependency;
import cloud.yuntu.contracts.scene.SceneReport.Warning;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a report's dependencies with what was uploaded. Kept apart from parsing because the
 * report of a file is stored once per content hash while each request brings its own uploads.
 */
public final class MissingDependencies {

    private static final int MAX_WARNINGS = 500;

    private MissingDependencies() {
    }

    /** The report with a missing-dependency warning per dependency not uploaded; unchanged when manifest is null. */
    public static SceneReport check(SceneReport report, UploadManifest manifest) {
        if (manifest == null) {
            return report;
        }
        List<Warning> warnings = new ArrayList<>(report.warnings());
        int missing = 0;
        for (Dependency dependency : report.dependencies()) {
            if (!manifest.contains(dependency.path(), dependency.sequence()) && missing++ < MAX_WARNINGS) {
                warnings.add(new Warning("missing-dependency", ReportAssembler.kindName(dependency) + " "
                        + dependency.path() + " is not among the uploaded files", dependency.node()));
            }
        }
        if (missing > MAX_WARNINGS) {
            warnings.add(new Warning("limit-exceeded", (missing - MAX_WARNINGS) + " further missing dependencies left out", null));
        }
        return new SceneReport(report.file(), report.units(), report.plugins(), report.renderer(), report.layers(),
                report.cameras(), report.dependencies(), report.references(), warnings);
    }

    /**
     * The stored report of identical bytes, under the name this request gave the file, with
     * {@code <Scene>} in the layers' image prefixes expanded for that name.
     */
    public static SceneReport renamed(SceneReport report, String name) {
        report = ImagePrefixes.forScene(report, UnsafeNames.clean(name));
        var f = report.file();
        return new SceneReport(new SceneReport.FileFacts(UnsafeNames.clean(name), f.format(), f.sizeBytes(), f.sha256(), f.mayaVersion(),
                f.codeset()), report.units(), report.plugins(), report.renderer(), report.layers(), report.cameras(),
                report.dependencies(), report.references(), report.warnings());
    }
}
