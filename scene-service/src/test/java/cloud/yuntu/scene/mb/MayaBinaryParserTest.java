package cloud.yuntu.scene.mb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.contracts.scene.SceneReport.Frames;
import cloud.yuntu.scene.analysis.SceneAnalyser;
import cloud.yuntu.scene.parse.SceneParseException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synthetic FOR4 and FOR8 files exercising each chunk the report reads. */
class MayaBinaryParserTest {

    private static SceneReport analyse(byte[] file) {
        return new SceneAnalyser().analyse(new ByteArrayInputStream(file), "t.mb", null);
    }

    private static byte[] scene(IffWriter w, boolean wide) {
        long rate = wide ? 141_120_000L : 6000L;
        long perFrame = rate / 25; // pal
        return w.file(
                w.form("HEAD",
                        w.strings("VERS", "2024"),
                        w.strings("PLUG", "mtoa", "5.3.1"),
                        w.strings("FINF", "license", "education"),
                        w.strings("LUNI", "mm"),
                        w.strings("TUNI", "pal"),
                        w.strings("AUNI", "rad"),
                        wide ? w.strings("TDUR", "141120000") : new byte[0]),
                w.form("XFRM", w.strings("CREA", "\u0001renderCam")),
                w.form("DCAM", w.leaf("CREA", crea("renderCamShape", "renderCam")), w.number("rnd", 1)),
                w.form("RTFT", w.leaf("CREA", crea("skin", null)), w.string("ftn", "sourceimages/skin.<UDIM>.tx")),
                w.form("RNDL", w.leaf("CREA", crea("defaultRenderLayer", null))),
                w.form("SLCT", w.strings("SLCT", ":defaultRenderGlobals"),
                        w.string("ren", "arnold"),
                        w.number("an", 1),
                        w.ticks("fs", 10 * perFrame),
                        w.ticks("ef", 250 * perFrame)),
                w.form("SLCT", w.strings("SLCT", ":time1"), w.ticks("o", 42 * perFrame)),
                w.group(wide ? "LIS8" : "LIS4", "CONS", w.form("CONN", w.strings("CWFL", "\u0000a.b", "c.d"))));
    }

    private static byte[] crea(String name, String parent) {
        String text = "\u0001" + name + "\u0000" + (parent != null ? parent + "\u0000" : "");
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "FOR8={0}")
    @ValueSource(booleans = {false, true})
    void headerNodesAndTicks(boolean wide) {
        SceneReport report = analyse(scene(new IffWriter(wide), wide));

        assertThat(report.file().format()).isEqualTo("mb");
        assertThat(report.file().mayaVersion()).isEqualTo("2024");
        assertThat(report.plugins()).containsExactly(new SceneReport.Plugin("mtoa", "5.3.1"));
        assertThat(report.units()).isEqualTo(new SceneReport.Units("millimeter", "radian", "pal"));
        assertThat(report.renderer()).isEqualTo("arnold");
        assertThat(report.layers()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("defaultRenderLayer");
            assertThat(l.frames()).isEqualTo(new Frames(10, 250, 1));
            assertThat(l.cameras()).containsExactly("renderCam");
        });
        assertThat(report.dependencies()).singleElement().satisfies(d -> {
            assertThat(d.node()).isEqualTo("skin");
            assertThat(d.nodeType()).isEqualTo("file");
            assertThat(d.sequence()).isTrue();
        });
        assertThat(report.warnings()).extracting(SceneReport.Warning::code).contains("student-licence")
                .doesNotContain("renderer-plugin-not-declared", "unknown-construct");
    }

    @ParameterizedTest(name = "FOR8={0}")
    @ValueSource(booleans = {false, true})
    void truncationNamesTheOffset(boolean wide) {
        byte[] whole = scene(new IffWriter(wide), wide);
        for (int cut : new int[] {2, 10, whole.length / 2, whole.length - 1}) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> analyse(truncated)).isInstanceOf(SceneParseException.class)
                    .satisfies(e -> assertThat(((SceneParseException) e).offset()).isBetween(0L, (long) cut))
                    .hasMessageContaining("byte offset");
        }
    }

    @ParameterizedTest(name = "FOR8={0}")
    @ValueSource(booleans = {false, true})
    void absurdChunkSizeIsRejectedBeforeAnyAllocation(boolean wide) {
        IffWriter w = new IffWriter(wide);
        byte[] file = w.file(w.form("HEAD", w.strings("VERS", "2024")));
        // Rewrite VERS's size to 2^31-1 (FOR4) or 2^62 (FOR8).
        int vers = indexOf(file, "VERS");
        if (wide) {
            ByteBuffer.wrap(file, vers + 8, 8).putLong(1L << 62);
        } else {
            ByteBuffer.wrap(file, vers + 4, 4).putInt(Integer.MAX_VALUE);
        }
        assertThatThrownBy(() -> analyse(file)).isInstanceOf(SceneParseException.class)
                .hasMessageContaining("claims").hasMessageContaining("byte offset " + vers);
    }

    @ParameterizedTest(name = "FOR8={0}")
    @ValueSource(booleans = {false, true})
    void deepNestingHitsTheLimit(boolean wide) {
        IffWriter w = new IffWriter(wide);
        byte[] inner = w.form("XFRM", w.strings("CREA", "\u0001deep"));
        for (int i = 0; i < 200; i++) {
            inner = w.form("NEST", inner);
        }
        byte[] file = w.file(inner);
        assertThatThrownBy(() -> analyse(file)).isInstanceOf(SceneParseException.class)
                .satisfies(e -> assertThat(((SceneParseException) e).code()).isEqualTo("limit-exceeded"));
    }

    @ParameterizedTest(name = "FOR8={0}")
    @ValueSource(booleans = {false, true})
    void oversizedLeafIsSkippedUnread(boolean wide) {
        IffWriter w = new IffWriter(wide);
        byte[] huge = new byte[5 * 1024 * 1024];
        byte[] file = w.file(w.form("HEAD", w.strings("VERS", "2024")),
                w.form("SCRP", w.strings("CREA", "\u0001script"), w.attribute("STR ", "b", huge)));
        SceneReport report = analyse(file);
        assertThat(report.warnings()).anySatisfy(wn -> assertThat(wn.message()).contains("skipped unread"));
        assertThat(report.file().sizeBytes()).isEqualTo(file.length);
    }

    private static int indexOf(byte[] data, String tag) {
        byte[] t = tag.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + t.length <= data.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (data[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(tag + " not found");
    }
}
