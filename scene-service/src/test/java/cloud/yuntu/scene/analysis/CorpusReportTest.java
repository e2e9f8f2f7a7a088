package cloud.yuntu.scene.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.DependencyKind;
import cloud.yuntu.contracts.scene.SceneReport.Plugin;
import cloud.yuntu.scene.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real scene's report agrees with the corpus README's table. */
class CorpusReportTest {

    static Stream<Corpus.Row> rows() {
        return Corpus.rows().stream();
    }

    @Test
    void theTableListsAllTwentyTwoScenes() {
        assertThat(Corpus.rows()).hasSize(22);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reportAgreesWithTheReadme(Corpus.Row row) throws Exception {
        SceneReport report = analyse(row, null);

        assertThat(report.file().name()).isEqualTo(row.file());
        assertThat(report.file().format()).isEqualTo(row.format().startsWith("mb") ? "mb" : "ma");
        assertThat(report.file().sizeBytes()).isEqualTo(row.bytes()).isEqualTo(Files.size(row.path()));
        assertThat(report.file().sha256()).isEqualTo(sha256(row));
        assertThat(report.file().mayaVersion()).isEqualTo(row.version());
        String expectedRenderer = expectedRenderer(row);
        assertThat(report.renderer()).isEqualTo(expectedRenderer);
        assertThat(report.layers()).allSatisfy(l -> assertThat(l.renderer()).isEqualTo(expectedRenderer));
        assertThat(report.references()).hasSize(row.refs());
        assertThat(report.dependencies().stream().filter(d -> d.nodeType().equals("file"))
                .filter(d -> d.kind() == DependencyKind.TEXTURE)).hasSize(row.ftn());
        assertThat(report.plugins().stream().map(Plugin::name).toList()).isEqualTo(row.plugins());
        assertThat(report.layers()).isNotEmpty();
        assertThat(report.warnings()).noneMatch(w -> w.code().equals("unknown-construct"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void codesetAndUnitsFollowTheHeader(Corpus.Row row) throws Exception {
        SceneReport report = analyse(row, null);
        String head = new String(Files.readAllBytes(row.path()), 0, 200, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (row.format().equals("ma")) {
            var m = java.util.regex.Pattern.compile("//Codeset: (\\S+)").matcher(head);
            assertThat(report.file().codeset()).isEqualTo(m.find() ? m.group(1) : null);
        } else {
            assertThat(report.file().codeset()).isNull();
        }
        assertThat(report.units().linear()).isEqualTo("centimeter");
        assertThat(report.units().angular()).isEqualTo("degree");
        assertThat(report.units().time()).isEqualTo("film");
    }

    @Test
    void theMissingRigOfAnim001IsReported() throws Exception {
        Corpus.Row anim = Corpus.rows().stream().filter(r -> r.file().endsWith("anim_001.ma")).findFirst().orElseThrow();
        List<String> beside = Corpus.rows().stream().map(Corpus.Row::file).toList();

        SceneReport report = analyse(anim, UploadManifest.of(beside));

        assertThat(report.references()).singleElement().satisfies(r -> {
            assertThat(r.path()).endsWith("rhino_rig_001.ma");
            assertThat(r.namespace()).isEqualTo("rhino_rig_030");
            assertThat(r.depth()).isEqualTo(1);
        });
        assertThat(report.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("missing-dependency");
            assertThat(w.message()).contains("rhino_rig_001.ma");
        });
        assertThat(report.warnings()).anyMatch(w -> w.code().equals("absolute-path"));
    }

    @Test
    void binaryTimeTicksBecomeFrames() throws Exception {
        // time1.outTime is 250 ticks at 6000/s in the FOR4 file and 5880000 at 141120000/s in the FOR8 ones: frame 1 at film.
        for (Corpus.Row row : Corpus.rows()) {
            if (row.format().startsWith("mb")) {
                SceneReport report = analyse(row, null);
                assertThat(report.layers().getFirst().frames()).isEqualTo(new SceneReport.Frames(1, 1, 1));
            }
        }
    }

    @Test
    void rendererPluginsMissingFromRequiresAreWarned() throws Exception {
        for (Corpus.Row row : Corpus.rows()) {
            SceneReport report = analyse(row, null);
            boolean warned = report.warnings().stream().anyMatch(w -> w.code().equals("renderer-plugin-not-declared"));
            String renderer = expectedRenderer(row);
            boolean expected = (renderer.equals("arnold") && !row.plugins().contains("mtoa"))
                    || (renderer.equals("px_render") && !row.plugins().contains("px_render"));
            assertThat(warned).as(row.file()).isEqualTo(expected);
        }
    }

    /**
     * The README's renderer, Maya's default (mayaSoftware) where it says the file writes none.
     * One row is wrong in the README: TextureTest.ma writes {@code setAttr -k on ".ren" -type
     * "string" "arnold"} in its defaultRenderGlobals block (line 270); the table, which reads
     * "(default)", evidently missed the {@code -k on} form. The file is the truth.
     */
    static String expectedRenderer(Corpus.Row row) {
        if (row.file().endsWith("rel_project__scenes__TextureTest.ma")) {
            return "arnold";
        }
        return row.renderer().startsWith("(") ? "mayaSoftware" : row.renderer();
    }

    static SceneReport analyse(Corpus.Row row, UploadManifest manifest) throws IOException {
        try (InputStream in = Files.newInputStream(row.path())) {
            return new SceneAnalyser().analyse(in, row.file(), manifest);
        }
    }

    private static String sha256(Corpus.Row row) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(row.path())));
    }
}
