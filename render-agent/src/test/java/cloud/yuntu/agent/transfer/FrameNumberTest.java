package cloud.yuntu.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameNumberTest {

    @Test
    void takesTheFrameFromMayasImageName() {
        assertThat(OutputUploader.frameOf("shot010.0042.exr", 1)).isEqualTo(42);
        assertThat(OutputUploader.frameOf("beauty/shot.v2.0007.png", 1)).isEqualTo(7);
        assertThat(OutputUploader.frameOf("shot.-0003.png", 1)).isEqualTo(-3);
        assertThat(OutputUploader.frameOf("preview.png", 9)).isEqualTo(9);
    }
}
