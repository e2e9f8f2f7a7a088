package cloud.yuntu.agent.render.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MayaSoftwareLogTest {

    private static final FrameSequence ONE = new FrameSequence(1, 1, 1);

    @Test
    void aRenderThatCompletesWithAnErrorOnTheWaySucceeds() {
        RealLog log = RealLog.read("mayaSoftware", "mmmaomao-196-non-fatal-error.log", ONE);

        assertThat(log.errors()).singleElement().satisfies(error -> {
            assertThat(error.fatal()).isFalse();
            assertThat(error.kind()).isEqualTo(ErrorKind.OTHER);
        });
        assertThat(log.reader.verdict(0).success()).isTrue();
        assertThat(log.reader.verdict(1)).isEqualTo(new Verdict(false,
                "line 1: UnicodeDecodeError: file C:\\Python270\\lib\\ntpath.py line 108: asc", true));
    }

    @Test
    void percentageOfRenderingDoneIsProgressAndFinishedRenderingEndsAFrame() {
        RealLog log = RealLog.of("sw", new FrameSequence(1, 1, 2), "Percentage of rendering done: 50 (/w/shot.ma)",
                "Finished Rendering /w/images/shot.0001.iff.", "// Warning: file1.fileTextureName: file not found //");

        assertThat(log.progress()).containsExactly(25.0, 50.0);
        assertThat(log.frames()).containsExactly("1 started", "1 finished");
        assertThat(log.warnings()).hasSize(1);
    }

    @Test
    void aSceneMayaCannotReadIsNotRetried() {
        RealLog log = RealLog.of("mayaSoftware", ONE, "// Error: File not found: /w/scene/shot.ma //");

        assertThat(log.reader.verdict(211)).isEqualTo(new Verdict(false, "File not found: /w/scene/shot.ma", false));
    }
}
