package cloud.yuntu.scene.analysis;

import static cloud.yuntu.scene.analysis.Scenes.report;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.Frames;
import cloud.yuntu.contracts.scene.SceneReport.Layer;
import cloud.yuntu.contracts.scene.SceneReport.Resolution;
import cloud.yuntu.contracts.scene.SceneReport.Warning;
import cloud.yuntu.scene.Corpus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the report used to differ from what real Maya does with the scene: the new-scene image
 * size of the Maya that saved it, Render Setup overrides of the frame range, image prefixes as
 * Maya expands them per layer, texture nodes Maya does not load, and names with control characters.
 */
class MayaBehaviourTest {

    private static String scene(String version, String body) {
        return "//Maya ASCII " + version + " scene\n//Name: shot.ma\n//Codeset: UTF-8\nrequires maya \"" + version + "\";\n"
                + body;
    }

    private static SceneReport corpus(String suffix) throws Exception {
        Corpus.Row row = Corpus.rows().stream().filter(r -> r.file().endsWith(suffix)).findFirst().orElseThrow();
        return CorpusReportTest.analyse(row, null);
    }

    // --- a. resolution of scenes that write no defaultResolution width/height

    @Test
    void unwrittenResolutionIsTheNewSceneSizeOfTheMayaThatSavedIt() {
        assertThat(report(scene("7.0", "")).layers().getFirst().resolution()).isEqualTo(new Resolution(640, 480));
        assertThat(report(scene("2016", "")).layers().getFirst().resolution()).isEqualTo(new Resolution(640, 480));
        assertThat(report(scene("2016.5", "")).layers().getFirst().resolution()).isEqualTo(new Resolution(640, 480));
        assertThat(report(scene("2017ff04", "")).layers().getFirst().resolution()).isEqualTo(new Resolution(1920, 1080));
        assertThat(report(scene("2026", "")).layers().getFirst().resolution()).isEqualTo(new Resolution(1920, 1080));
        // What is written wins, attribute by attribute.
        assertThat(report(scene("2024", "select -ne :defaultResolution;\n\tsetAttr \".w\" 1280;\n")).layers().getFirst()
                .resolution()).isEqualTo(new Resolution(1280, 1080));
        assertThat(report(scene("2015", "select -ne :defaultResolution;\n\tsetAttr \".w\" 640;\n\tsetAttr \".h\" 360;\n"))
                .layers().getFirst().resolution()).isEqualTo(new Resolution(640, 360));
    }

    @Test
    void corpusScenesWithoutWrittenSizeFollowTheirVersion() throws Exception {
        // Each writes only ".pa" 1 under defaultResolution.
        assertThat(corpus("Ball__Ball.ma").layers().getFirst().resolution()).isEqualTo(new Resolution(640, 480)); // 2015
        assertThat(corpus("InstancerDrawTest.ma").layers().getFirst().resolution()).isEqualTo(new Resolution(640, 480)); // 2016
        assertThat(corpus("Ball_rig.ma").layers().getFirst().resolution()).isEqualTo(new Resolution(1920, 1080)); // 2017ff04
        assertThat(corpus("OpenPBRShowcase.ma").layers().getFirst().resolution()).isEqualTo(new Resolution(1920, 1080)); // 2026
        assertThat(corpus("rig.anim.mb").layers().getFirst().resolution()).isEqualTo(new Resolution(1920, 1080)); // 2020
        assertThat(corpus("objects.ma").layers().getFirst().resolution()).isEqualTo(new Resolution(640, 480)); // 7.0
    }

    // --- b. Render Setup absolute overrides of the frame range, as Maya 2017+ saves them

    /** The shape real files have: layer.lit -> collection.pls, collection.msg -> layer.cl, collection.lit -> override.pls. */
    private static final String RENDER_SETUP = """
            select -ne :defaultRenderGlobals;
            \tsetAttr ".an" yes;
            \tsetAttr ".fs" 1;
            \tsetAttr ".ef" 100;
            createNode renderLayer -n "defaultRenderLayer";
            createNode renderSetup -n "renderSetup";
            createNode renderSetupLayer -n "fx";
            createNode renderLayer -n "rs_fx";
            createNode renderSetupLayer -n "bg";
            createNode renderLayer -n "rs_bg";
            createNode renderSettingsCollection -n "RenderSettingsCollection";
            createNode simpleSelector -n "RenderSettingsCollectionSelector";
            \tsetAttr ".ssl" -type "string" "defaultRenderGlobals";
            createNode absUniqueOverride -n "startFrame";
            \taddAttr -ci true -sn "atv" -ln "attrValue" -at "time";
            \tsetAttr ".atr" -type "string" "startFrame";
            \tsetAttr ".tgName" -type "string" "defaultRenderGlobals";
            \tsetAttr ".atv" 1001;
            createNode absUniqueOverride -n "endFrame";
            \taddAttr -ci true -sn "atv" -ln "attrValue" -at "time";
            \tsetAttr ".atr" -type "string" "endFrame";
            \tsetAttr ".tgName" -type "string" "defaultRenderGlobals";
            \tsetAttr ".atv" 1100;
            createNode absUniqueOverride -n "byFrameStep";
            \taddAttr -ci true -sn "atv" -ln "attrValue" -at "double";
            \tsetAttr ".atr" -type "string" "byFrameStep";
            \tsetAttr ".tgName" -type "string" "defaultRenderGlobals";
            \tsetAttr ".atv" 2;
            createNode absUniqueOverride -n "endFrameOff";
            \taddAttr -ci true -sn "atv" -ln "attrValue" -at "time";
            \tsetAttr ".atr" -type "string" "endFrame";
            \tsetAttr ".tgName" -type "string" "defaultRenderGlobals";
            \tsetAttr ".se" no;
            \tsetAttr ".atv" 5000;
            createNode absUniqueOverride -n "arnoldStart";
            \taddAttr -ci true -sn "atv" -ln "attrValue" -at "long";
            \tsetAttr ".atr" -type "string" "startFrame";
            \tsetAttr ".tgName" -type "string" "someOtherNode";
            \tsetAttr ".atv" 7;
            connectAttr "fx.msg" "renderSetup.frl";
            connectAttr "bg.msg" "renderSetup.lrl";
            connectAttr "rs_fx.msg" "fx.lrl";
            connectAttr "renderSetup.lit" "fx.pls";
            connectAttr "RenderSettingsCollection.msg" "fx.cl";
            connectAttr "RenderSettingsCollection.msg" "fx.ch";
            connectAttr "rs_bg.msg" "bg.lrl";
            connectAttr "fx.nxt" "bg.prv";
            connectAttr "renderSetup.lit" "bg.pls";
            connectAttr "RenderSettingsCollectionSelector.c" "RenderSettingsCollection.sel";
            connectAttr "fx.lit" "RenderSettingsCollection.pls";
            connectAttr "fx.nic" "RenderSettingsCollection.pic";
            connectAttr "startFrame.msg" "RenderSettingsCollection.cl";
            connectAttr "arnoldStart.msg" "RenderSettingsCollection.ch";
            connectAttr "RenderSettingsCollection.lit" "startFrame.pls";
            connectAttr "RenderSettingsCollection.en" "startFrame.pen";
            connectAttr "startFrame.nxt" "endFrame.prv";
            connectAttr "RenderSettingsCollection.lit" "endFrame.pls";
            connectAttr "endFrame.nxt" "byFrameStep.prv";
            connectAttr "RenderSettingsCollection.lit" "byFrameStep.pls";
            connectAttr "byFrameStep.nxt" "endFrameOff.prv";
            connectAttr "RenderSettingsCollection.lit" "endFrameOff.pls";
            connectAttr "endFrameOff.nxt" "arnoldStart.prv";
            connectAttr "RenderSettingsCollection.lit" "arnoldStart.pls";
            connectAttr "renderLayerManager.rlmi[1]" "rs_fx.rlid";
            connectAttr "pCubeShape1.iog" "rs_fx.dsm" -na;
            """;

    @Test
    void renderSetupAbsoluteOverridesGiveTheLayerItsOwnFrameRange() {
        SceneReport report = report(scene("2024", RENDER_SETUP));

        // Layer names are the renderLayer nodes Render -rl takes: rs_<name> for Render Setup layers.
        assertThat(report.layers()).extracting(Layer::name).containsExactly("defaultRenderLayer", "rs_fx", "rs_bg");
        assertThat(report.layers().get(0).frames()).isEqualTo(new Frames(1, 100, 1));
        // Disabled overrides and overrides of another node's startFrame are not applied.
        assertThat(report.layers().get(1).frames()).isEqualTo(new Frames(1001, 1100, 2));
        assertThat(report.layers().get(2).frames()).isEqualTo(new Frames(1, 100, 1));
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("render-setup-override"))
                .extracting(Warning::node).containsExactly("startFrame", "endFrame", "byFrameStep");
    }

    // --- c. image prefixes as Maya expands them for each layer

    @Test
    void prefixTokensAreExpandedPerLayer() {
        SceneReport report = report(scene("2024", RENDER_SETUP.replace("select -ne :defaultRenderGlobals;\n",
                "select -ne :defaultRenderGlobals;\n\tsetAttr \".ifp\" -type \"string\" \"<Layer>/<Scene>_<Camera>_v<Version>\";\n"
                        + "\tsetAttr \".rv\" -type \"string\" \"003\";\n")
                + "createNode transform -n \"renderCam\";\ncreateNode camera -n \"renderCamShape\" -p \"renderCam\";\n"));

        // The scene's own name (t.ma) stands for <Scene>; the default layer is masterLayer, a Render Setup layer its own name.
        assertThat(report.layers()).extracting(Layer::imagePrefix)
                .containsExactly("masterLayer/t_renderCam_v003", "fx/t_renderCam_v003", "bg/t_renderCam_v003");
    }

    @Test
    void withoutALayerTokenSeveralLayersGetSubfoldersAndSeveralCamerasKeepTheirToken() {
        String cameras = "createNode transform -n \"a\";\ncreateNode camera -n \"aShape\" -p \"a\";\n"
                + "createNode transform -n \"b\";\ncreateNode camera -n \"bShape\" -p \"b\";\n";
        SceneReport twoLayers = report(scene("2024", "createNode renderLayer -n \"defaultRenderLayer\";\n"
                + "createNode renderLayer -n \"beauty\";\n" + cameras));
        assertThat(twoLayers.layers()).extracting(Layer::imagePrefix)
                .containsExactly("masterLayer/<Camera>/t", "beauty/<Camera>/t");

        // One renderable layer (the master is off) and one camera: no subfolder, the prefix as written.
        SceneReport oneLayer = report(scene("2024", """
                select -ne :defaultRenderGlobals;
                \tsetAttr ".ifp" -type "string" "renders/<Scene>";
                createNode renderLayer -n "defaultRenderLayer";
                \tsetAttr ".rndr" no;
                createNode renderLayer -n "beauty";
                """));
        assertThat(oneLayer.layers()).extracting(Layer::imagePrefix).containsExactly("renders/t", "renders/t");
    }

    @Test
    void theSceneNameIsThatOfTheRequestNotOfTheFirstUpload() {
        SceneAnalyser analyser = new SceneAnalyser();
        SceneReport stored = analyser.analyseForCatalog(new java.io.ByteArrayInputStream(
                scene("2024", "").getBytes(StandardCharsets.UTF_8)), "first.ma");
        assertThat(stored.layers().getFirst().imagePrefix()).isEqualTo("<Scene>");
        assertThat(MissingDependencies.renamed(stored, "second.v2.ma").layers().getFirst().imagePrefix()).isEqualTo("second.v2");
    }

    // --- d. texture nodes Maya would not load

    @Test
    void textureNodesMayaDoesNotLoadAreNotDependencies() {
        SceneReport report = report(scene("2024", """
                file -rdi 1 -ns "prop" -dr 1 -rfn "propRN" "assets/prop.ma";
                file -r -ns "prop" -dr 1 -rfn "propRN" "assets/prop.ma";
                createNode file -n "loaded";
                \tsetAttr ".ftn" -type "string" "sourceimages/wood.png";
                createNode file -n "empty";
                \tsetAttr ".ftn" -type "string" "";
                createNode file -n "disabled";
                \tsetAttr ".dfl" yes;
                \tsetAttr ".ftn" -type "string" "sourceimages/never.png";
                createNode file -n "driven";
                \tsetAttr ".ftn" -type "string" "sourceimages/stale.png";
                createNode file -n "prop:label";
                \tsetAttr ".ftn" -type "string" "sourceimages/label.png";
                createNode expression -n "pick";
                connectAttr "pick.out[0]" "driven.ftn";
                """));

        assertThat(report.dependencies()).extracting(SceneReport.Dependency::node).containsExactly("propRN", "loaded");
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("dependency-driven")).singleElement()
                .satisfies(w -> assertThat(w.node()).isEqualTo("driven"));
    }

    // --- names with control characters

    @Test
    void controlCharactersInNamesBecomeReplacementCharactersWithAWarning() {
        SceneReport report = report(scene("2024", """
                createNode transform -n "cam\\nA";
                createNode camera -n "cam\\nAShape" -p "cam\\nA";
                createNode transform -n "cam\\0";
                createNode camera -n "cam\\0Shape" -p "cam\\0";
                createNode renderLayer -n "defaultRenderLayer";
                createNode renderLayer -n "lay\u001ber";
                """));

        // MEL has no \\0 escape (only \\n \\t \\r \\\\ \\"): Maya reads "cam\\0" as cam0, and so does the parser.
        assertThat(report.cameras()).extracting(SceneReport.Camera::name).containsExactly("cam\uFFFDA", "cam0");
        assertThat(report.layers()).extracting(Layer::name).containsExactly("defaultRenderLayer", "lay\uFFFDer");
        assertThat(report.layers().getFirst().cameras()).containsExactly("cam\uFFFDA", "cam0");
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("unsafe-name")).extracting(Warning::node)
                .containsExactlyInAnyOrder("cam\uFFFDA", "lay\uFFFDer");
        assertNoControlCharacters(report);
    }

    @Test
    void aNulByteInANameNeverLeavesTheAnalysis() {
        // A GBK lead byte followed by NUL: the only way a NUL gets into a .ma string (a bare NUL is refused as binary).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("//Maya ASCII 2020 scene\n//Codeset: 936\ncreateNode transform -n \"c".getBytes(StandardCharsets.US_ASCII));
        out.write(0x81);
        out.write(0);
        out.writeBytes("m\";\ncreateNode camera -n \"camShape\" -p \"c".getBytes(StandardCharsets.US_ASCII));
        out.write(0x81);
        out.write(0);
        out.writeBytes("m\";\n".getBytes(StandardCharsets.US_ASCII));

        SceneReport report = report(out.toByteArray(), null);

        assertThat(report.cameras()).extracting(SceneReport.Camera::name).containsExactly("c\uFFFD\uFFFDm");
        assertThat(report.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("unsafe-name");
            assertThat(w.node()).isEqualTo("c\uFFFD\uFFFDm");
        });
        assertNoControlCharacters(report);
    }

    static void assertNoControlCharacters(SceneReport report) {
        String json;
        try {
            json = new String(cloud.yuntu.contracts.json.FarmJson.mapper().writeValueAsBytes(report), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(json).doesNotContain("\\u0000", "\\n", "\\u001b", "\\u001B");
    }

    @Test
    void warningsNamingTheNodeOfAnUnsafeNameAreCleanedToo() {
        SceneReport report = report(scene("2024", "createNode file -n \"f\\tx\";\n\tsetAttr \".ftn\" -type \"string\" \"C:/tex/a\\n.png\";\n"));
        assertThat(report.dependencies()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("f\uFFFDx");
            assertThat(d.path()).isEqualTo("C:/tex/a\uFFFD.png");
        });
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("drive-letter-path")).singleElement()
                .satisfies(w -> assertThat(w.node()).isEqualTo("f\uFFFDx"));
        assertNoControlCharacters(report);
        assertThat(List.of(report.warnings().stream().map(Warning::code).toList())).isNotEmpty();
    }
}
