package cloud.yuntu.agent.render.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RedshiftLogTest {

    private static final FrameSequence ONE = new FrameSequence(1, 1, 1);

    @Test
    void blocksOfEitherGpuAreTheFramesShareAndTotalsAreNot() {
        RealLog log = RealLog.read("redshift", "cgru-maya-redshift-blocks.log", ONE);

        assertThat(log.progress()).hasSize(2);
        assertThat(log.progress().get(0)).isCloseTo(66.67, within(0.01));
        assertThat(log.progress().get(1)).isCloseTo(93.33, within(0.01));
        assertThat(log.reader.verdict(0).success()).isTrue();
    }

    @Test
    void aLicenceErrorFailsTheFrameEvenWhenMayaExitsZero() {
        RealLog rlm = RealLog.read("redshift", "cgru-redshift-licence-error.log", ONE);
        RealLog maxon = RealLog.read("redshift", "deadline-cloud-maya-480-licence-exit-0.log", ONE);

        assertThat(rlm.reader.verdict(0)).isEqualTo(new Verdict(false,
                "[Redshift] License error: (RLM) All licenses in use (-22)", true));
        assertThat(maxon.reader.verdict(0)).isEqualTo(new Verdict(false, "[Redshift] Maxon licensing error: ...", true));
    }

    @Test
    void framesRunFromRenderingFrameToFrameRenderingDone() {
        RealLog log = RealLog.of("redshift", new FrameSequence(5, 2, 2),
                "[Redshift] Rendering frame 5...",
                "[Redshift] \tBlock 24/48 (3,1) rendered by GPU 0 in 15ms",
                "\tFrame rendering done - total time for 1 frames: 2.50s",
                "[Redshift] Rendering frame 7...",
                "[Redshift] \tBlock 48/48 (7,5) rendered by GPU 0 in 15ms",
                "\tFrame rendering done - total time for 1 frames: 2.40s");

        assertThat(log.frames()).containsExactly("5 started", "5 finished", "7 started", "7 finished");
        assertThat(log.progress()).containsExactly(25.0, 50.0, 100.0, 100.0);
    }

    @Test
    void aSceneReadWithoutRedshiftLoadedIsAMissingPlugin() {
        // The messages of AWS Deadline Cloud's maya_redshift_render README, in Maya's error frame.
        RealLog log = RealLog.of("redshift", ONE, "// Error: line 20: Unknown object type: RedshiftOptions //",
                "// Error: Cannot find procedure \"rsDefines\". //");

        assertThat(log.reader.verdict(211)).isEqualTo(new Verdict(false, "line 20: Unknown object type: RedshiftOptions", true));
    }

    @Test
    void anArnoldBannerInARedshiftRenderIsNotItsProgress() {
        RealLog log = RealLog.of("redshift", ONE, "00:00:03   512MB         | 45% done - 10 rays/pixel",
                "00:00:01   300MB         | [mtoa] license error: no license (Arnold loaded, not rendering)");

        assertThat(log.events).isEmpty();
    }
}
