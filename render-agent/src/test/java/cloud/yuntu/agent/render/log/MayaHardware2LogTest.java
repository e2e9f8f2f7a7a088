package cloud.yuntu.agent.render.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MayaHardware2LogTest {

    @Test
    void viewport2StartingOnTheNodeIsNeitherProgressNorError() {
        RealLog log = RealLog.read("mayaHardware2", "opencue-1310-mayabatch-vp2.log", new FrameSequence(1, 1, 1));

        assertThat(log.events).isEmpty();
        assertThat(log.reader.verdict(0).success()).isTrue();
    }

    @Test
    void framesMoveTheProgressFrameByFrame() {
        RealLog log = RealLog.of("hw2", new FrameSequence(3, 1, 2), "Finished Rendering /w/images/shot.0003.png.",
                "Finished Rendering /w/images/shot.0004.png.");

        assertThat(log.progress()).containsExactly(50.0, 100.0);
        assertThat(log.frames()).containsExactly("3 started", "3 finished", "4 started", "4 finished");
    }
}
