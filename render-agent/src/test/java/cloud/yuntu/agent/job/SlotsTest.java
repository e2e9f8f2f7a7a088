package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotsTest {

    @Test
    void aCpuNodeHasItsConfiguredSlotsWithoutGpus() {
        Slots slots = new Slots(3, List.of(), 1);

        assertThat(slots.total()).isEqualTo(3);
        Optional<Slot> slot = slots.tryTake();
        assertThat(slot).hasValueSatisfying(s -> assertThat(s.gpus()).isEmpty());
        assertThat(slots.free()).isEqualTo(2);
    }

    @Test
    void aGpuNodesSlotsFollowItsGpusWhateverTheConfiguredSlots() {
        Slots slots = new Slots(8, List.of(0, 1, 2, 3), 2);

        assertThat(slots.total()).isEqualTo(2);
        Slot first = slots.tryTake().orElseThrow();
        Slot second = slots.tryTake().orElseThrow();
        assertThat(List.of(first.gpus(), second.gpus())).containsExactly(List.of(0, 1), List.of(2, 3));
        assertThat(slots.tryTake()).isEmpty();

        slots.giveBack(second);
        slots.giveBack(first);
        // The lowest slot goes first again, whatever order they came back in.
        assertThat(slots.tryTake()).hasValue(first);
    }

    @Test
    void aDrainingNodeGivesNoSlot() {
        Slots slots = new Slots(1, List.of(0), 1);
        slots.drain();
        assertThat(slots.tryTake()).isEmpty();
        slots.resume();
        assertThat(slots.tryTake()).hasValueSatisfying(s -> assertThat(s.gpus()).containsExactly(0));
    }
}
