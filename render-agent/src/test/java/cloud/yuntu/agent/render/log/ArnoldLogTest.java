package cloud.yuntu.agent.render.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnoldLogTest {

    private static final FrameSequence ONE = new FrameSequence(49, 1, 1);

    @Test
    void anAbortWithoutErrorLinesFailsTheFrameThoughAnImageIsWrittenAndStatusIsZero() {
        RealLog log = RealLog.read("arnold", "arnold-usd-1875-abort-without-errors.log", ONE);

        assertThat(log.frames()).containsExactly("49 started", "49 finished");
        assertThat(log.errors()).extracting(LogEvent.Error::kind).containsExactly(ErrorKind.ABORTED, ErrorKind.ABORTED);
        assertThat(log.reader.verdict(0)).isEqualTo(new Verdict(false, "render terminating early:  received abort signal", true));
    }

    @Test
    void aTextureSystemErrorIsTheScenesFaultAndNotRetried() {
        RealLog log = RealLog.read("arnold", "arnold-usd-1875-missing-texture.log", ONE);

        assertThat(log.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(ErrorKind.MISSING_FILE);
            assertThat(error.fatal()).isTrue();
            assertThat(error.retryable()).isFalse();
        });
        assertThat(log.reader.verdict(0)).isEqualTo(new Verdict(false,
                "[texturesys] /materials/arnold_utility/image1: ImageInput::create() called with no filename", false));
    }

    @Test
    void progressRestartingAtZeroFinishesTheFrameBefore() {
        RealLog log = RealLog.read("arnold", "cgru-146-progress.log", new FrameSequence(10, 1, 2));

        assertThat(log.progress()).containsExactly(22.5, 50.0, 50.0);
        assertThat(log.frames()).containsExactly("10 started", "10 finished", "11 started");
        assertThat(log.reader.verdict(0).success()).isTrue();
    }

    @Test
    void renderManagerPrefixesBannersAndColourManagerLinesAreNeitherProgressNorErrors() {
        RealLog log = RealLog.read("arnold", "openpype-4416-deadline-mtoa.log", ONE);

        assertThat(log.events).isEmpty();
        assertThat(log.reader.verdict(0).success()).isTrue();
    }

    @Test
    void onlyDoneRightAfterTheFirstBarIsProgress() {
        RealLog log = RealLog.of("arnold", ONE,
                "00:00:00   512MB         | [mtoa] rendering layer x | 100% done",
                "00:00:01    43MB         | [mtoa] read texture file1.fileTextureName \"/w/45% done.png\"",
                "00:00:09   900MB         | pixel samples     12.3% done of budget",
                "00:00:09   900MB         |   camera  100% done",
                "stderr text 00:00:03   512MB         | 45% done - 10 rays/pixel");

        // The last line: stderr interleaved before Arnold's line; the bar still starts the message.
        assertThat(log.progress()).containsExactly(45.0);
    }

    @Test
    void theLicenceAbortOfMtoaFailsRetryable() {
        // Arnold's message as AWS Deadline Cloud's Maya adaptor matches it (_handle_arnold_license_error).
        RealLog log = RealLog.of("arnold", ONE, "00:00:01   300MB ERROR   | [license] aborting render because the "
                + "abort_on_license_fail option was enabled");

        assertThat(log.reader.verdict(0)).extracting(Verdict::success, Verdict::retryable).containsExactly(false, true);
        assertThat(log.errors()).extracting(LogEvent.Error::kind).containsExactly(ErrorKind.LICENCE);
    }

    @Test
    void aCrashAfterTheLastFrameFailsItAndANonZeroExitWithoutFatalLinesNamesMayasError() {
        assertThat(RealLog.of("arnold", ONE, "Segmentation fault (core dumped)").reader.verdict(0))
                .isEqualTo(new Verdict(false, "Segmentation fault (core dumped)", true));
        RealLog plain = RealLog.of("arnold", ONE, "// Error: Cannot find procedure \"foo\". //");
        assertThat(plain.reader.verdict(0).success()).as("a Maya error alone does not fail a render that ends well").isTrue();
        assertThat(plain.reader.verdict(1)).isEqualTo(new Verdict(false, "Cannot find procedure \"foo\".", true));
        assertThat(RealLog.of("arnold", ONE).reader.verdict(211)).isEqualTo(new Verdict(false, "renderer exited with code 211", true));
    }

    @Test
    void theFileArnoldStopsOnIsTheReasonBeforeTheAbortItCauses() {
        RealLog log = RealLog.of("arnold", ONE,
                "00:00:01    43MB ERROR   |  [texturesys] file1: Could not open file \"/w/project/sourceimages/grid.png\"",
                "// Error: [texturesys] file1: Could not open file \"/w/project/sourceimages/grid.png\" //",
                "00:00:01    43MB WARNING |  render terminating early:  received abort signal",
                "// Error: Render failed on frame 1.");

        assertThat(log.reader.verdict(211)).as("Maya's closing // left out, not retried")
                .isEqualTo(new Verdict(false, "[texturesys] file1: Could not open file \"/w/project/sourceimages/grid.png\"", false));
        assertThat(RealLog.of("arnold", ONE, "// Error: [mtoa] Failed to render frame 1: out of memory").reader.verdict(211))
                .isEqualTo(new Verdict(false, "[mtoa] Failed to render frame 1: out of memory", true));
    }

    @Test
    void warningsOfMissingFilesAreNoError() {
        RealLog log = RealLog.of("arnold", ONE,
                "// Warning: file: /w/shot.ma line 5: Reference file not found: ../assets/prop.ma //",
                "// Warning: Errors have occurred while reading this scene that may result in data loss. //",
                "00:00:01    43MB WARNING | [mtoa] file1.fileTextureName: 45% done.png not found");

        assertThat(log.warnings()).hasSize(3);
        assertThat(log.errors()).isEmpty();
        assertThat(log.progress()).isEmpty();
    }
}
