package cloud.yuntu.agent.render.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenderManLogTest {

    private static final FrameSequence ONE = new FrameSequence(1, 1, 1);

    @Test
    void aSevereLicenceErrorFailsRetryableAndItsContinuedLinesAreNoNewErrors() {
        RealLog log = RealLog.read("renderman", "renderman-for-blender-608-licence.log", ONE);

        assertThat(log.errors()).singleElement().extracting(LogEvent.Error::kind).isEqualTo(ErrorKind.LICENCE);
        assertThat(log.reader.verdict(0)).isEqualTo(new Verdict(false, "R50005 {SEVERE}  License error - feature: RPS-24.0", true));
    }

    @Test
    void aLicenceLocationMissingIsALicenceFailure() {
        RealLog log = RealLog.read("renderman", "renderman-for-blender-139-licence-location.log", ONE);

        assertThat(log.reader.verdict(0).reason()).isEqualTo("PRMan: R50009 {SEVERE} License location is not set in rendermn.ini - aborting.");
        assertThat(log.errors()).extracting(LogEvent.Error::kind).containsExactly(ErrorKind.LICENCE);
    }

    @Test
    void progressLinesAreR90000AndAFrameEndsAtAHundred() {
        // The form AWS Deadline Cloud's Maya adaptor reads RenderMan's progress by: R90000\s+([0-9]+)%
        RealLog log = RealLog.of("renderman", new FrameSequence(1, 1, 2), "R90000    40%", "R00001 Rendering frame 40%",
                "R90000   100%", "R90000     0%", "R00001 read texture \"/w/R90000 45%.png\"");

        assertThat(log.progress()).containsExactly(20.0, 50.0, 50.0, 50.0);
        assertThat(log.frames()).containsExactly("1 started", "1 finished", "2 started");
    }
}
