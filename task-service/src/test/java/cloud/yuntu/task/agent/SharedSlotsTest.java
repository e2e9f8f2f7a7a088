package cloud.yuntu.task.agent;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.task.agent.SharedSlots.Serving;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pool's slots for its tasks' ETA and estimate, each agent counted once over the pools it serves. */
class SharedSlotsTest {

    @Test
    void agentsOfOnePoolCountWhole() {
        List<Serving> pool = List.of(new Serving(4, 1, 0), new Serving(2, 2, 0));
        assertThat(SharedSlots.total(pool)).isEqualTo(6);
        assertThat(SharedSlots.free(pool)).isEqualTo(3);
    }

    @Test
    void anAgentWhoseOtherPoolsAreIdleCountsWholeForThisOne() {
        assertThat(SharedSlots.total(List.of(new Serving(4, 4, 0)))).isEqualTo(4);
    }

    @Test
    void anAgentOfTwoBusyPoolsGivesEachHalfOfItsSlots() {
        // pools a and b both want it: the dispatcher hands its slots to their lanes in turns
        List<Serving> forA = List.of(new Serving(4, 2, 1));
        assertThat(SharedSlots.total(forA)).isEqualTo(2);
        assertThat(SharedSlots.free(forA)).isEqualTo(1);
    }

    @Test
    void summedOverItsPoolsAnAgentCountsOnce() {
        // one agent of 6 slots in pools a, b and c, all three with work: 2 each, 6 over the three
        Serving shared = new Serving(6, 3, 2);
        int overAllPools = SharedSlots.total(List.of(shared)) * 3;
        assertThat(overAllPools).isEqualTo(6);
        assertThat(SharedSlots.free(List.of(shared)) * 3).isEqualTo(3);
    }

    @Test
    void partsAddUpBeforeRounding() {
        // two single-slot agents each shared with one other busy pool: one slot between them
        assertThat(SharedSlots.total(List.of(new Serving(1, 1, 1), new Serving(1, 1, 1)))).isEqualTo(1);
        // half a slot rounds up: a pool whose only agent has one slot and another pool to serve still renders
        assertThat(SharedSlots.total(List.of(new Serving(1, 0, 1)))).isEqualTo(1);
        assertThat(SharedSlots.total(List.of(new Serving(1, 0, 2)))).isZero();
    }

    @Test
    void noAgentNoSlots() {
        assertThat(SharedSlots.total(List.of())).isZero();
        assertThat(SharedSlots.free(List.of())).isZero();
    }

    @Test
    void aNegativeFreeCountIsNone() {
        assertThat(SharedSlots.free(List.of(new Serving(2, -1, 0)))).isZero();
    }
}
