package cloud.yuntu.task.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.task.scene.SceneAnalysisDouble;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer plan from a scene report and the user's overrides, without Quarkus. */
class LayerPlanTest {

    private static final int MAX = 100_000;

    private static final SceneReport.Layer BEAUTY = SceneAnalysisDouble.layer("beauty", "arnold", 1, 24, 1, 1920, 1080);
    private static final SceneReport.Layer FG = new SceneReport.Layer("fg", true, "redshift", new SceneReport.Frames(10, 50, 5),
            "<Scene>_fg", "exr", new SceneReport.Resolution(3840, 2160), List.of("shotCam"));
    private static final SceneReport.Layer OFF = new SceneReport.Layer("notRendered", false, "arnold",
            new SceneReport.Frames(1, 5, 1), null, "png", new SceneReport.Resolution(640, 360), List.of("persp"));

    @Test
    void everyRenderableLayerRendersWithItsOwnSettings() {
        LayerPlan.Planned plan = planned(SceneAnalysisDouble.report(BEAUTY, FG, OFF), TaskOverrides.NONE);

        assertThat(plan.layers()).extracting(LayerPlan.PlannedLayer::name).containsExactly("beauty", "fg");
        LayerPlan.PlannedLayer beauty = plan.layers().get(0);
        assertThat(beauty.renderer()).isEqualTo("arnold");
        assertThat(beauty.camera()).isEqualTo("persp");
        assertThat(beauty.resolution()).isEqualTo(new Resolution(1920, 1080));
        assertThat(beauty.imageFormat()).isEqualTo("png");
        assertThat(beauty.outputPrefix()).as("Maya's default, and no other layer writes it").isNull();
        assertThat(beauty.framesSpec()).isEqualTo("1-24");
        assertThat(beauty.numbers()).hasSize(24).startsWith(1, 2).endsWith(24);

        LayerPlan.PlannedLayer fg = plan.layers().get(1);
        assertThat(fg.renderer()).isEqualTo("redshift");
        assertThat(fg.camera()).isEqualTo("shotCam");
        assertThat(fg.resolution()).isEqualTo(new Resolution(3840, 2160));
        assertThat(fg.imageFormat()).isEqualTo("exr");
        assertThat(fg.outputPrefix()).isEqualTo("<Scene>_fg");
        assertThat(fg.framesSpec()).isEqualTo("10-50x5");
        assertThat(fg.numbers()).containsExactly(10, 15, 20, 25, 30, 35, 40, 45, 50);

        assertThat(plan.framesTotal()).isEqualTo(33);
        assertThat(plan.renderers()).containsExactlyInAnyOrder("arnold", "redshift");
        assertThat(plan.largestResolution()).isEqualTo(new Resolution(3840, 2160));
    }

    @Test
    void theUsersOverridesWinForEveryLayer() {
        TaskOverrides overrides = new TaskOverrides("1-3,7", "simulate", "persp", List.of("fg", "notRendered"),
                new Resolution(320, 240), "jpg", "out/<RenderLayer>/img", null, null, false);
        LayerPlan.Planned plan = planned(SceneAnalysisDouble.report(BEAUTY, FG, OFF), overrides);

        assertThat(plan.layers()).extracting(LayerPlan.PlannedLayer::name)
                .as("the named layers, in the user's order, renderable or not").containsExactly("fg", "notRendered");
        assertThat(plan.layers()).allSatisfy(l -> {
            assertThat(l.renderer()).isEqualTo("simulate");
            assertThat(l.camera()).isEqualTo("persp");
            assertThat(l.resolution()).isEqualTo(new Resolution(320, 240));
            assertThat(l.imageFormat()).isEqualTo("jpg");
            assertThat(l.outputPrefix()).isEqualTo("out/<RenderLayer>/img");
            assertThat(l.framesSpec()).isEqualTo("1-3,7");
            assertThat(l.numbers()).containsExactly(1, 2, 3, 7);
        });
    }

    @Test
    void layersThatWouldWriteTheSameFilesGetAFolderEach() {
        SceneReport.Layer a = SceneAnalysisDouble.layer("a", "arnold", 1, 2, 1, 640, 360);
        SceneReport.Layer b = SceneAnalysisDouble.layer("b", "arnold", 1, 2, 1, 640, 360);
        SceneReport.Layer c = new SceneReport.Layer("c", true, "arnold", new SceneReport.Frames(1, 2, 1), "<Layer>/img",
                "png", new SceneReport.Resolution(640, 360), List.of("persp"));
        SceneReport.Layer d = new SceneReport.Layer("d", true, "arnold", new SceneReport.Frames(1, 2, 1), "own",
                "png", new SceneReport.Resolution(640, 360), List.of("persp"));

        LayerPlan.Planned plan = planned(SceneAnalysisDouble.report(a, b, c, d), TaskOverrides.NONE);

        assertThat(plan.layers()).extracting(LayerPlan.PlannedLayer::outputPrefix)
                .containsExactly("<RenderLayer>/<Scene>", "<RenderLayer>/<Scene>", "<Layer>/img", "own");

        TaskOverrides samePrefix = new TaskOverrides(null, null, null, null, null, null, "shot", null, null, false);
        assertThat(planned(SceneAnalysisDouble.report(a, b), samePrefix).layers())
                .extracting(LayerPlan.PlannedLayer::outputPrefix).containsOnly("<RenderLayer>/shot");
    }

    @Test
    void aRequestedLayerTheSceneLacksIsNamed() {
        TaskOverrides overrides = new TaskOverrides(null, null, null, List.of("beauty", "spec"), null, null, null, null, null, false);
        assertThat(refused(SceneAnalysisDouble.report(BEAUTY, FG), overrides))
                .contains("layer \"spec\" is not in the scene").contains("beauty, fg");
    }

    @Test
    void aRequestedCameraTheSceneLacksIsNamed() {
        TaskOverrides overrides = new TaskOverrides(null, null, "renderCam", null, null, null, null, null, null, false);
        assertThat(refused(SceneAnalysisDouble.report(BEAUTY), overrides)).contains("camera \"renderCam\" is not in the scene");
    }

    @Test
    void aSceneWithNothingToRenderIsRefused() {
        assertThat(refused(SceneAnalysisDouble.report(), TaskOverrides.NONE)).contains("no render layer");
        assertThat(refused(SceneAnalysisDouble.report(OFF), TaskOverrides.NONE)).contains("no render layer of the scene is renderable")
                .contains("notRendered");
    }

    @Test
    void aFileThatIsNotAMayaSceneIsRefused() {
        SceneReport report = SceneAnalysisDouble.report(BEAUTY);
        SceneReport notMaya = new SceneReport(new SceneReport.FileFacts("x.txt", "txt", 3, "a".repeat(64), null, null),
                report.units(), report.plugins(), report.renderer(), report.layers(), report.cameras(), report.dependencies(),
                report.references(), report.warnings());
        assertThat(refused(notMaya, TaskOverrides.NONE)).contains("not a Maya scene");
        assertThat(refused(null, TaskOverrides.NONE)).contains("no report");
    }

    @Test
    void unsafeNamesFromTheSceneFailTheTaskSpelledOut() {
        SceneReport.Layer nul = SceneAnalysisDouble.layer("bad\uFFFDlayer", "arnold", 1, 2, 1, 640, 360);
        assertThat(refused(SceneAnalysisDouble.report(nul), TaskOverrides.NONE))
                .contains("bad\\uFFFDlayer").doesNotContain("\uFFFD");

        SceneReport.Layer camera = new SceneReport.Layer("beauty", true, "arnold", new SceneReport.Frames(1, 2, 1), null, "png",
                new SceneReport.Resolution(640, 360), List.of("cam\nINFO forged"));
        assertThat(refused(SceneAnalysisDouble.report(camera), TaskOverrides.NONE))
                .contains("cam\\u000AINFO forged").doesNotContain("\n");

        SceneReport.Layer prefix = new SceneReport.Layer("beauty", true, "arnold", new SceneReport.Frames(1, 2, 1),
                "../../etc/img", "png", new SceneReport.Resolution(640, 360), List.of("persp"));
        assertThat(refused(SceneAnalysisDouble.report(prefix), TaskOverrides.NONE)).contains("..").contains("outputPrefix");
        TaskOverrides saferPrefix = new TaskOverrides(null, null, null, null, null, null, "img", null, null, false);
        assertThat(planned(SceneAnalysisDouble.report(prefix), saferPrefix).layers().getFirst().outputPrefix()).isEqualTo("img");
    }

    @Test
    void framesTheFarmCannotSplitAreRefusedUnlessOverridden() {
        SceneReport.Layer fractional = SceneAnalysisDouble.layer("beauty", "arnold", 1, 10, 0.5, 640, 360);
        assertThat(refused(SceneAnalysisDouble.report(fractional), TaskOverrides.NONE)).contains("fractional frames");
        TaskOverrides frames = new TaskOverrides("1-10", null, null, null, null, null, null, null, null, false);
        assertThat(planned(SceneAnalysisDouble.report(fractional), frames).framesTotal()).isEqualTo(10);

        SceneReport.Layer reversed = SceneAnalysisDouble.layer("beauty", "arnold", 10, 1, 1, 640, 360);
        assertThat(refused(SceneAnalysisDouble.report(reversed), TaskOverrides.NONE)).contains("ends (1) before it starts (10)");
    }

    @Test
    void moreFramesThanATaskMayHaveOverAllLayersAreRefused() {
        SceneReport.Layer a = SceneAnalysisDouble.layer("a", "arnold", 1, 60_000, 1, 640, 360);
        SceneReport.Layer b = SceneAnalysisDouble.layer("b", "arnold", 1, 60_000, 1, 640, 360);
        assertThat(refused(SceneAnalysisDouble.report(a, b), TaskOverrides.NONE)).contains("120000 frames").contains("at most 100000");
        assertThat(planned(SceneAnalysisDouble.report(a), TaskOverrides.NONE).framesTotal()).isEqualTo(60_000);
    }

    @Test
    void missingDependenciesBlockTheRenderUnlessAllowed() {
        SceneReport report = SceneAnalysisDouble.withMissingTexture(
                SceneAnalysisDouble.withMissingTexture(SceneAnalysisDouble.report(BEAUTY), "sourceimages/wood.png"),
                "sourceimages/<UDIM>/skin.exr");

        LayerPlan.Outcome blocked = LayerPlan.plan(report, TaskOverrides.NONE, MAX);
        assertThat(blocked).isInstanceOf(LayerPlan.Refused.class);
        assertThat(((LayerPlan.Refused) blocked).reason()).contains("2 files the scene needs are missing")
                .contains("sourceimages/wood.png").contains("sourceimages/<UDIM>/skin.exr").contains("allowMissing");
        assertThat(blocked.missing()).extracting(MissingDependency::path)
                .containsExactly("sourceimages/wood.png", "sourceimages/<UDIM>/skin.exr");
        assertThat(blocked.missing()).extracting(MissingDependency::kind).containsOnly("texture");

        TaskOverrides allow = new TaskOverrides(null, null, null, null, null, null, null, null, null, true);
        LayerPlan.Planned planned = planned(report, allow);
        assertThat(planned.layers()).hasSize(1);
        assertThat(planned.missing()).hasSize(2);
    }

    @Test
    void aLayerWithoutCameraOrRendererIsRefusedNamingWhatToGive() {
        SceneReport.Layer noCamera = new SceneReport.Layer("beauty", true, "arnold", new SceneReport.Frames(1, 2, 1), null,
                "png", new SceneReport.Resolution(640, 360), List.of());
        assertThat(refused(SceneAnalysisDouble.report(noCamera), TaskOverrides.NONE)).contains("no renderable camera");
        TaskOverrides camera = new TaskOverrides(null, null, "persp", null, null, null, null, null, null, false);
        assertThat(planned(SceneAnalysisDouble.report(noCamera), camera).layers().getFirst().camera()).isEqualTo("persp");

        SceneReport.Layer odd = SceneAnalysisDouble.layer("beauty", "my.renderer", 1, 2, 1, 640, 360);
        assertThat(refused(SceneAnalysisDouble.report(odd), TaskOverrides.NONE)).contains("not a renderer name");
    }

    private static LayerPlan.Planned planned(SceneReport report, TaskOverrides overrides) {
        LayerPlan.Outcome outcome = LayerPlan.plan(report, overrides, MAX);
        assertThat(outcome).as("%s", outcome).isInstanceOf(LayerPlan.Planned.class);
        return (LayerPlan.Planned) outcome;
    }

    private static String refused(SceneReport report, TaskOverrides overrides) {
        LayerPlan.Outcome outcome = LayerPlan.plan(report, overrides, MAX);
        assertThat(outcome).as("%s", outcome).isInstanceOf(LayerPlan.Refused.class);
        return ((LayerPlan.Refused) outcome).reason();
    }
}
