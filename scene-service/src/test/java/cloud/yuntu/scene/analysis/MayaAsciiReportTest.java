package cloud.yuntu.scene.analysis;

import static cloud.yuntu.scene.analysis.Scenes.ma;
import static cloud.yuntu.scene.analysis.Scenes.report;
import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.Camera;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import cloud.yuntu.contracts.scene.SceneReport.Frames;
import cloud.yuntu.contracts.scene.SceneReport.Layer;
import cloud.yuntu.contracts.scene.SceneReport.Resolution;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One synthetic .ma per construct and per default the report applies. */
class MayaAsciiReportTest {

    @Test
    void mayasDefaultsApplyWhenNothingIsWritten() {
        SceneReport report = report(ma("requires maya \"2024\";\n"));

        assertThat(report.file().mayaVersion()).isEqualTo("2024");
        assertThat(report.file().codeset()).isEqualTo("UTF-8");
        assertThat(report.renderer()).isEqualTo("mayaSoftware");
        assertThat(report.units()).isEqualTo(new SceneReport.Units("centimeter", "degree", "film"));
        Layer layer = report.layers().getFirst();
        assertThat(layer.name()).isEqualTo("defaultRenderLayer");
        assertThat(layer.renderable()).isTrue();
        // Animation is off by default: only the current frame (time1 defaults to 1) renders.
        assertThat(layer.frames()).isEqualTo(new Frames(1, 1, 1));
        // Saved by Maya 2024, whose new scenes are HD 1080: nothing written means 1920x1080.
        assertThat(layer.resolution()).isEqualTo(new Resolution(1920, 1080));
        assertThat(layer.imageFormat()).isEqualTo("iff");
        // No prefix: Maya names the images after the scene (t.ma).
        assertThat(layer.imagePrefix()).isEqualTo("t");
        assertThat(report.plugins()).isEmpty();
    }

    @Test
    void animationOffRendersTheCurrentTime1Frame() {
        SceneReport report = report(ma("""
                select -ne :time1;
                \tsetAttr ".o" 37;
                select -ne :defaultRenderGlobals;
                \tsetAttr ".fs" 10;
                \tsetAttr ".ef" 20;
                """));
        assertThat(report.layers().getFirst().frames()).isEqualTo(new Frames(37, 37, 1));
    }

    @Test
    void animationOnRendersTheGlobalsRangeInShortOrLongNames() {
        SceneReport shortNames = report(ma("""
                select -ne :defaultRenderGlobals;
                \tsetAttr ".an" yes;
                \tsetAttr ".fs" 101;
                \tsetAttr ".ef" 148;
                \tsetAttr ".bfs" 2;
                \tsetAttr ".ifp" -type "string" "<Scene>/<RenderLayer>/<Scene>";
                \tsetAttr ".imfkey" -type "string" "exr";
                select -ne :defaultResolution;
                \tsetAttr ".w" 1920;
                \tsetAttr ".h" 1080;
                """));
        SceneReport longNames = report(ma("""
                select -ne :defaultRenderGlobals;
                \tsetAttr ".animation" yes;
                \tsetAttr ".startFrame" 101;
                \tsetAttr ".endFrame" 148;
                \tsetAttr ".byFrameStep" 2;
                \tsetAttr ".imageFilePrefix" -type "string" "<Scene>/<RenderLayer>/<Scene>";
                \tsetAttr ".imfPluginKey" -type "string" "exr";
                select -ne :defaultResolution;
                \tsetAttr ".width" 1920;
                \tsetAttr ".height" 1080;
                """));
        for (SceneReport report : List.of(shortNames, longNames)) {
            Layer layer = report.layers().getFirst();
            assertThat(layer.frames()).isEqualTo(new Frames(101, 148, 2));
            assertThat(layer.resolution()).isEqualTo(new Resolution(1920, 1080));
            // Expanded as Maya does for this layer: the default layer is masterLayer in paths.
            assertThat(layer.imagePrefix()).isEqualTo("t/masterLayer/t");
            assertThat(layer.imageFormat()).isEqualTo("exr");
        }
    }

    @Test
    void headerStatementsWrappedOverLines() {
        SceneReport report = report(ma("""
                requires maya "2024";
                requires -nodeType "aiStandIn" -nodeType "aiImage"
                \t\t -dataType "aiData" "mtoa" "5.3.1";
                requires "stereoCamera" "10.0";
                currentUnit -l meter -a radian -t ntsc;
                fileInfo "application" "maya";
                select -ne :defaultRenderGlobals;
                \tsetAttr ".ren" -type "string" "arnold";
                """));

        assertThat(report.plugins()).containsExactly(new SceneReport.Plugin("mtoa", "5.3.1"),
                new SceneReport.Plugin("stereoCamera", "10.0"));
        assertThat(report.units()).isEqualTo(new SceneReport.Units("meter", "radian", "ntsc"));
        assertThat(report.renderer()).isEqualTo("arnold");
        assertThat(report.warnings()).noneMatch(w -> w.code().equals("renderer-plugin-not-declared"));
        assertThat(report.layers().getFirst().imageFormat()).isEqualTo("exr");
    }

    @Test
    void nestedReferencesKeepNamespaceAndDepthOnce() {
        SceneReport report = report(ma("""
                file -rdi 1 -ns "chr" -rfn "chrRN" -op "v=0;" -typ "mayaAscii"
                \t\t "assets/chr.ma";
                file -rdi 2 -ns "tex" -rfn "chr:texRN" -typ "mayaBinary" "assets/tex.mb";
                file -r -ns "chr" -dr 1 -rfn "chrRN" -op "v=0;" -typ "mayaAscii" "assets/chr.ma";
                requires maya "2024";
                """));

        assertThat(report.references()).containsExactly(new SceneReport.Reference("assets/chr.ma", "chr", 1),
                new SceneReport.Reference("assets/tex.mb", "tex", 2));
        assertThat(report.dependencies()).extracting(SceneReport.Dependency::kind)
                .containsOnly(DependencyKind.REFERENCE);
        assertThat(report.dependencies()).extracting(SceneReport.Dependency::node).containsExactly("chrRN", "chr:texRN");
    }

    @Test
    void setAttrValueFormsAreReadOrSkippedWithoutLosingTheStatement() {
        SceneReport report = report(ma("""
                createNode transform -s -n "cam1";
                \tsetAttr ".t" -type "double3" 1 2 3 ;
                \tsetAttr ".xm" -type "matrix" 1 0 0 0 0 1 0 0
                \t\t 0 0 1 0 0 0 0 1;
                \tsetAttr -s 3 ".pnts[0:2]" -type "float3" 0 0 0 1 1 1
                \t\t 2 2 2;
                \tsetAttr ".notes" -type "stringArray" 2 "a;b" "c\\"d" ;
                createNode camera -n "cam1Shape" -p "cam1";
                \tsetAttr -k off ".v" no;
                \tsetAttr ".rnd" yes;
                createNode camera -n "sideShape" -p "side";
                \tsetAttr -av -k on ".rnd" no;
                """));

        assertThat(report.cameras()).containsExactly(new Camera("cam1", true), new Camera("side", false));
        assertThat(report.layers().getFirst().cameras()).containsExactly("cam1");
        assertThat(report.warnings()).noneMatch(w -> w.code().equals("unknown-construct"));
    }

    @Test
    void texturesSequencesAndPathWarnings() {
        SceneReport report = report(ma("""
                createNode file -n "udim";
                \tsetAttr ".ftn" -type "string" "sourceimages/skin.<UDIM>.exr";
                createNode file -n "tiled";
                \tsetAttr ".ftn" -type "string" "sourceimages/cloth.1001.exr";
                \tsetAttr ".uvt" 3;
                createNode file -n "drive";
                \tsetAttr ".fileTextureName" -type "string" "C:/proj/sourceimages/wood.png";
                createNode file -n "unc";
                \tsetAttr ".ftn" -type "string" "/mnt/tex/metal.tif";
                createNode file -n "empty";
                createNode AlembicNode -n "abc";
                \tsetAttr ".fn" -type "string" "cache/anim.abc";
                createNode gpuCache -n "gpu";
                \tsetAttr ".cfn" -type "string" "cache/set.abc";
                createNode aiStandIn -n "stand";
                \tsetAttr ".dso" -type "string" "ass/tree.####.ass";
                createNode imagePlane -n "plate";
                \tsetAttr ".imn" -type "string" "plates/bg.0001.jpg";
                \tsetAttr ".ufe" yes;
                createNode audio -n "sound";
                \tsetAttr ".f" -type "string" "audio/dialog.wav";
                createNode cacheFile -n "nCache";
                \tsetAttr ".cn" -type "string" "fluid";
                \tsetAttr ".cp" -type "string" "cache/nCache/";
                createNode RedshiftProxyMesh -n "proxy";
                \tsetAttr ".fn" -type "string" "proxies/rock.rs";
                """), List.of("sourceimages/skin.1001.exr", "sourceimages/skin.1002.exr", "sourceimages/cloth.1001.exr",
                "wood.png", "cache/anim.abc", "ass/tree.0001.ass", "plates/bg.0001.jpg", "audio/dialog.wav",
                "cache/nCache/fluid.xml", "proxies/rock.rs"));

        assertThat(report.dependencies()).extracting(d -> d.node() + ":" + d.kind() + ":" + d.sequence())
                .containsExactly("udim:TEXTURE:true", "tiled:TEXTURE:true", "drive:TEXTURE:false", "unc:TEXTURE:false",
                        "abc:ALEMBIC:false", "gpu:GPU_CACHE:false", "stand:STAND_IN:true", "plate:IMAGE_PLANE:true",
                        "sound:AUDIO:false", "nCache:CACHE:false", "proxy:PROXY:false");
        assertThat(report.dependencies()).filteredOn(d -> d.node().equals("nCache")).singleElement()
                .satisfies(d -> assertThat(d.path()).isEqualTo("cache/nCache/fluid.xml"));
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("missing-dependency"))
                .extracting(SceneReport.Warning::node).containsExactlyInAnyOrder("unc", "gpu");
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("drive-letter-path"))
                .extracting(SceneReport.Warning::node).containsExactly("drive");
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("absolute-path"))
                .extracting(SceneReport.Warning::node).containsExactly("unc");
    }

    @Test
    void withoutAManifestNothingIsCalledMissing() {
        SceneReport report = report(ma("""
                createNode file -n "f";
                \tsetAttr ".ftn" -type "string" "sourceimages/a.png";
                """));
        assertThat(report.warnings()).noneMatch(w -> w.code().equals("missing-dependency"));
    }

    @Test
    void legacyRenderLayersWithAdjustments() {
        SceneReport report = report(ma("""
                select -ne :defaultRenderGlobals;
                \tsetAttr ".an" yes;
                \tsetAttr ".fs" 1;
                \tsetAttr ".ef" 100;
                createNode renderLayer -n "defaultRenderLayer";
                \tsetAttr ".g" yes;
                \tsetAttr ".rndr" no;
                createNode renderLayer -n "beauty";
                \tsetAttr ".adjs[0].val" 50;
                \tsetAttr ".adjs[1].val" 960;
                connectAttr ":defaultRenderGlobals.ef" "beauty.adjs[0].plg";
                connectAttr ":defaultResolution.w" "beauty.adjs[1].plg";
                """));

        assertThat(report.layers()).extracting(Layer::name, Layer::renderable)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("defaultRenderLayer", false),
                        org.assertj.core.groups.Tuple.tuple("beauty", true));
        assertThat(report.layers().get(0).frames()).isEqualTo(new Frames(1, 100, 1));
        assertThat(report.layers().get(1).frames()).isEqualTo(new Frames(1, 50, 1));
        assertThat(report.layers().get(1).resolution()).isEqualTo(new Resolution(960, 1080));
    }

    @Test
    void renderSetupOverridesOfStartAndEndFrameOnOneLayer() {
        SceneReport report = report(ma("""
                select -ne :defaultRenderGlobals;
                \tsetAttr ".an" yes;
                \tsetAttr ".fs" 1;
                \tsetAttr ".ef" 24;
                createNode renderSetup -n "renderSetup";
                createNode renderSetupLayer -n "fx";
                createNode renderLayer -n "rs_fx";
                createNode renderSettingsCollection -n "fx_RenderSettingsCollection";
                createNode absOverride -n "startFrame";
                \taddAttr -ci true -sn "atv" -ln "attrValue" -at "time";
                \tsetAttr ".atr" -type "string" "startFrame";
                \tsetAttr ".atv" 10;
                createNode relOverride -n "endFrame";
                \tsetAttr ".atr" -type "string" "endFrame";
                \tsetAttr ".mul" 1;
                \tsetAttr ".ofs" 16;
                createNode renderSetupLayer -n "bg";
                createNode renderLayer -n "rs_bg";
                createNode renderLayer -n "defaultRenderLayer";
                connectAttr "rs_fx.msg" "fx.lrl";
                connectAttr "rs_bg.msg" "bg.lrl";
                connectAttr "fx_RenderSettingsCollection.msg" "fx.cl";
                connectAttr "startFrame.msg" "fx_RenderSettingsCollection.ch[0]";
                connectAttr "endFrame.msg" "fx_RenderSettingsCollection.ch[1]";
                """));

        assertThat(report.layers()).extracting(Layer::name).containsExactly("rs_fx", "rs_bg", "defaultRenderLayer");
        assertThat(report.layers().get(0).frames()).isEqualTo(new Frames(10, 40, 1));
        assertThat(report.layers().get(1).frames()).isEqualTo(new Frames(1, 24, 1));
        assertThat(report.layers().get(2).frames()).isEqualTo(new Frames(1, 24, 1));
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("render-setup-override"))
                .extracting(SceneReport.Warning::node).containsExactly("startFrame", "endFrame");
    }

    @Test
    void studentLicenceUndeclaredRendererAndUnknownCommandsAreWarned() {
        String text = ma("""
                fileInfo "license" "student";
                select -ne :defaultRenderGlobals;
                \tsetAttr ".ren" -type "string" "redshift";
                someFutureCommand -x 1 "y";
                """);
        int offset = text.indexOf("someFutureCommand");
        SceneReport report = report(text);
        assertThat(report.warnings()).extracting(SceneReport.Warning::code)
                .contains("student-licence", "renderer-plugin-not-declared", "unknown-construct");
        assertThat(report.warnings()).filteredOn(w -> w.code().equals("unknown-construct")).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("someFutureCommand").contains("byte offset " + offset));
    }

    @Test
    void gbkStringsWhoseTrailByteIsABackslashOrQuote() {
        Charset gbk = Charset.forName("GBK");
        // 退 is 0xCD 0xCB, 乗 (in GBK) ... use 癨 whose trail byte is 0x5C ('\\').
        String tricky = "纹理\u7668/贴图.png";
        byte[] encoded = tricky.getBytes(gbk);
        assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).contains("\\");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("//Maya ASCII 2020 scene\n//Codeset: 936\ncreateNode file -n \"f\";\n\tsetAttr \".ftn\" -type \"string\" \""
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(encoded);
        out.writeBytes("\";\n".getBytes(StandardCharsets.US_ASCII));

        SceneReport report = report(out.toByteArray(), null);

        assertThat(report.file().codeset()).isEqualTo("936");
        assertThat(report.dependencies()).singleElement().satisfies(d -> assertThat(d.path()).isEqualTo(tricky));
    }

    @Test
    void codepage1252Strings() {
        String text = "//Maya ASCII 2020 scene\n//Codeset: 1252\ncreateNode file -n \"f\";\n\tsetAttr \".ftn\" -type \"string\" \"textures/caf\u00e9.png\";\n";
        SceneReport report = report(text, Charset.forName("windows-1252"));
        assertThat(report.dependencies().getFirst().path()).isEqualTo("textures/caf\u00e9.png");
    }
}
