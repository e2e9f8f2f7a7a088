package cloud.yuntu.scene.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.scene.HostileScenes;
import cloud.yuntu.scene.parse.ParseLimits;
import cloud.yuntu.scene.parse.SceneParseException;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/**
 * The hostile scenes that took scene-service down are refused with limit-exceeded and a message
 * naming what exceeded, or (for advice only) cut with a limit-exceeded warning. With the limits
 * opened wide, the same scenes show what made the old reports explode: every layer lists every
 * renderable camera, and every Render Setup layer repeats the warnings of a shared collection.
 */
class AnalysisLimitsTest {

    /** Wide open: what the analysis produced before it had limits (memory still bounded by the test's -Xmx). */
    private static final AnalysisLimits UNBOUNDED = new AnalysisLimits(100_000, 100_000, 100_000, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Long.MAX_VALUE);

    private static SceneReport analyse(byte[] scene, AnalysisLimits limits) {
        return new SceneAnalyser(ParseLimits.DEFAULT, limits).analyse(new ByteArrayInputStream(scene), "hostile.ma", null);
    }

    private static SceneParseException refusal(byte[] scene, AnalysisLimits limits) {
        try {
            analyse(scene, limits);
        } catch (SceneParseException e) {
            return e;
        }
        throw new AssertionError("the scene was not refused");
    }

    private static int jsonBytes(SceneReport report) throws Exception {
        return FarmJson.mapper().writeValueAsBytes(report).length;
    }

    @Test
    void threeThousandLayersAndCamerasAreRefusedNamingTheCount() {
        byte[] scene = HostileScenes.layersAndCameras(3000, 3000);
        assertThat(scene.length).isBetween(250_000, 450_000); // like the 323 KB scene of the issue

        SceneParseException e = refusal(scene, AnalysisLimits.DEFAULT);

        assertThat(e.code()).isEqualTo("limit-exceeded");
        assertThat(e.getMessage()).isEqualTo("the scene has 3001 render layers; at most 200 are analysed");
        assertThat(e.offsetOrNull()).isNull();
    }

    @Test
    void tooManyCamerasAreRefusedNamingTheCount() {
        SceneParseException e = refusal(HostileScenes.layersAndCameras(0, 3000), AnalysisLimits.DEFAULT);
        assertThat(e.getMessage()).isEqualTo("the scene has 3000 cameras; at most 1000 are analysed");
    }

    @Test
    void layersTimesCamerasIsWhatExplodedAndIsNowRefusedBySize() throws Exception {
        // Without limits: every layer lists every renderable camera, so the report is layers x cameras while
        // the file is layers + cameras: a 100 KB file gives a report of megabytes (the 159 KB -> 16.7 MB).
        byte[] explosive = HostileScenes.layersAndCameras(1000, 1000);
        SceneReport unbounded = analyse(explosive, UNBOUNDED);
        assertThat(unbounded.layers()).hasSize(1001).allSatisfy(l -> assertThat(l.cameras()).hasSize(1000));
        assertThat(jsonBytes(unbounded)).isGreaterThan(50 * explosive.length).isGreaterThan(5_000_000);
        assertThat(refusal(explosive, AnalysisLimits.DEFAULT).getMessage())
                .isEqualTo("the scene has 1001 render layers; at most 200 are analysed");

        // Within the layer and camera limits, the product is still refused by the report size.
        byte[] scene = HostileScenes.layersAndCameras(150, 900);
        SceneParseException e = refusal(scene, AnalysisLimits.DEFAULT);
        assertThat(e.code()).isEqualTo("limit-exceeded");
        assertThat(e.getMessage()).startsWith("the report of this scene would be larger than 524288 bytes")
                .contains("151 render layers x 900 renderable cameras");
    }

    @Test
    void sharedRenderSetupOverridesRepeatWarningsPerLayerWhichAreNowCut() throws Exception {
        byte[] scene = HostileScenes.sharedRenderSetupCollection(150, 400);
        SceneReport unbounded = analyse(scene, UNBOUNDED);
        assertThat(unbounded.warnings()).hasSize(150 * 400);
        assertThat(jsonBytes(unbounded)).isGreaterThan(100 * scene.length);

        SceneReport report = analyse(scene, AnalysisLimits.DEFAULT);

        // Warnings are advice: cutting them keeps the report true, and says so.
        assertThat(report.warnings()).hasSize(501);
        assertThat(report.warnings().getLast().code()).isEqualTo("limit-exceeded");
        assertThat(report.warnings().getLast().message()).isEqualTo((150 * 400 - 500) + " further warnings left out");
        // Every layer still gets its frames: the last override applied wins, as in file order.
        assertThat(report.layers()).filteredOn(l -> l.name().startsWith("rs_"))
                .allSatisfy(l -> assertThat(l.frames().end()).isEqualTo(10 + 399));
        assertThat(jsonBytes(report)).isLessThanOrEqualTo(512 * 1024);
    }

    @Test
    void whatTheAnalysisKeepsIsBoundedAndRefusedWhereItPassesTheBudget() {
        AnalysisLimits oneMiB = new AnalysisLimits(200, 1000, 5000, 500, 512 * 1024, 1024 * 1024);
        byte[] scene = HostileScenes.heavyFileNodes(50, 20_000);

        SceneParseException e = refusal(scene, oneMiB);

        assertThat(e.code()).isEqualTo("limit-exceeded");
        assertThat(e.getMessage()).contains("needs more than the 1 MiB one analysis may keep");
        assertThat(e.offsetOrNull()).isNotNull().isBetween(0L, (long) scene.length);
        // The same scene under the default budget is fine.
        assertThat(analyse(scene, AnalysisLimits.DEFAULT).dependencies()).hasSize(50);
    }

    @Test
    void tooManyDependenciesAreRefused() {
        AnalysisLimits few = new AnalysisLimits(200, 1000, 10, 500, 512 * 1024, 32L * 1024 * 1024);
        assertThatThrownBy(() -> analyse(HostileScenes.heavyFileNodes(11, 10), few))
                .isInstanceOf(SceneParseException.class)
                .hasMessage("the scene has 11 file dependencies and references; at most 10 are analysed");
    }

    @Test
    void limitsAtTheirBoundsAreAnalysed() {
        SceneReport report = analyse(HostileScenes.layersAndCameras(199, 10), AnalysisLimits.DEFAULT);
        assertThat(report.layers()).hasSize(200);
    }
}
