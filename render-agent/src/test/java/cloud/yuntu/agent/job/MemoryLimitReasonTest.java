package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryLimitReasonTest {

    @Test
    void theReasonNamesTheMeasuredSizeAndTheLimit() {
        assertThat(FrameRunner.memoryLimitReason((long) (2.5 * (1L << 30)), 2L << 30)).isEqualTo(
                "memory limit: the renderer's processes used 2.5 GiB resident, over the limit of 2.0 GiB"
                        + " (yuntu.agent.render.memory-limit); killed");
        assertThat(FrameRunner.memoryLimitReason(300L << 20, 256L << 20)).contains("300.0 MiB").contains("256.0 MiB");
    }
}
