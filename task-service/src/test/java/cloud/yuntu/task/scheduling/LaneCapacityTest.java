package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.task.agent.LiveAgent;
import cloud.yuntu.task.scheduling.LaneCapacity.LaneLoad;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How one pool's free slots are shared between its lanes. */
class LaneCapacityTest {

    @Test
    void aLaneGetsOnlySlotsOfAgentsWithItsRenderer() {
        List<LiveAgent> agents = List.of(new LiveAgent("a1", Set.of("arnold"), 4));
        Map<String, Integer> shares = LaneCapacity.share(agents, List.of(load("redshift", 0, 10), load("arnold", 0, 10)), 500);
        assertThat(shares).containsEntry("redshift", 0).containsEntry("arnold", 4);
    }

    @Test
    void framesReleasedButNotStartedHoldTheirLanesSlots() {
        List<LiveAgent> agents = List.of(new LiveAgent("a1", Set.of("arnold"), 4));
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 3, 10)), 500)).containsEntry("arnold", 1);
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 6, 10)), 500)).containsEntry("arnold", 0);
    }

    @Test
    void anAgentWithSeveralRenderersIsNotCountedTwice() {
        List<LiveAgent> agents = List.of(new LiveAgent("both", Set.of("arnold", "redshift"), 2));
        Map<String, Integer> shares = LaneCapacity.share(agents, List.of(load("arnold", 0, 10), load("redshift", 0, 10)), 500);
        assertThat(shares.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
        assertThat(shares).as("lanes take turns").containsEntry("arnold", 1).containsEntry("redshift", 1);
        // a frame in flight in one lane takes the shared slot from the other too
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 1, 10), load("redshift", 0, 10)), 500))
                .containsEntry("arnold", 1).containsEntry("redshift", 0);
    }

    @Test
    void lanesTakeTurnsMostUrgentFirstAndNeverBeyondTheirWaitingFrames() {
        List<LiveAgent> agents = List.of(new LiveAgent("both", Set.of("arnold", "vray"), 5));
        assertThat(LaneCapacity.share(agents, List.of(load("vray", 0, 10), load("arnold", 0, 10)), 500))
                .containsEntry("vray", 3).containsEntry("arnold", 2);
        assertThat(LaneCapacity.share(agents, List.of(load("vray", 0, 1), load("arnold", 0, 10)), 500))
                .containsEntry("vray", 1).containsEntry("arnold", 4);
    }

    @Test
    void specialistsSlotsGoFirstSoVersatileAgentsServeWhatOnlyTheyCan() {
        List<LiveAgent> agents = List.of(new LiveAgent("both", Set.of("arnold", "redshift"), 1),
                new LiveAgent("arnold-only", Set.of("arnold"), 1));
        // arnold is the more urgent lane; a careless rule would give it the versatile agent's slot first
        Map<String, Integer> shares = LaneCapacity.share(agents, List.of(load("arnold", 0, 1), load("redshift", 0, 1)), 500);
        assertThat(shares).containsEntry("arnold", 1).containsEntry("redshift", 1);
    }

    @Test
    void thePassLimitBoundsThePoolNotEachLane() {
        List<LiveAgent> agents = List.of(new LiveAgent("a", Set.of("arnold"), 10), new LiveAgent("r", Set.of("redshift"), 10));
        Map<String, Integer> shares = LaneCapacity.share(agents, List.of(load("arnold", 0, 10), load("redshift", 0, 10)), 5);
        assertThat(shares).containsEntry("arnold", 3).containsEntry("redshift", 2);
    }

    @Test
    void agentsReportingNegativeFreeSlotsGiveNone() {
        List<LiveAgent> agents = List.of(new LiveAgent("a", Set.of("arnold"), -2), new LiveAgent("b", Set.of("arnold"), 1));
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 0, 10)), 500)).containsEntry("arnold", 1);
    }

    private static LaneLoad load(String renderer, int dispatched, int waiting) {
        return new LaneLoad(renderer, dispatched, waiting);
    }
}
