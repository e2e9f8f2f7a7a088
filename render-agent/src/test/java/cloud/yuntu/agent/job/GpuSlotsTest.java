package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuSlotsTest {

    @Test
    void oneGpuASlotByDefault() {
        assertThat(GpuSlots.assign(List.of(0, 1, 2, 3), 1)).containsExactly(List.of(0), List.of(1), List.of(2), List.of(3));
    }

    @Test
    void consecutiveDevicesShareASlot() {
        assertThat(GpuSlots.assign(List.of(0, 1, 2, 3), 2)).containsExactly(List.of(0, 1), List.of(2, 3));
        assertThat(GpuSlots.assign(List.of(0, 1, 2, 3), 4)).containsExactly(List.of(0, 1, 2, 3));
    }

    @Test
    void nvidiaSmisIndicesAreKeptAsTheyAre() {
        assertThat(GpuSlots.assign(List.of(1, 3, 4), 1)).containsExactly(List.of(1), List.of(3), List.of(4));
    }

    @Test
    void leftOverGpusBelongToNoSlot() {
        assertThat(GpuSlots.assign(List.of(0, 1, 2), 2)).containsExactly(List.of(0, 1));
        assertThat(GpuSlots.idle(List.of(0, 1, 2), 2)).containsExactly(2);
        assertThat(GpuSlots.idle(List.of(0, 1, 2, 3), 2)).isEmpty();
    }

    @Test
    void fewerGpusThanASlotTakesMakeOneSlotOfAll() {
        assertThat(GpuSlots.assign(List.of(0, 1), 4)).containsExactly(List.of(0, 1));
        assertThat(GpuSlots.idle(List.of(0, 1), 4)).isEmpty();
    }

    @Test
    void noGpusNoGpuSlotsAndAtLeastOneGpuASlot() {
        assertThat(GpuSlots.assign(List.of(), 1)).isEmpty();
        assertThatThrownBy(() -> GpuSlots.assign(List.of(0), 0)).hasMessageContaining("yuntu.agent.gpu.per-slot");
    }
}
