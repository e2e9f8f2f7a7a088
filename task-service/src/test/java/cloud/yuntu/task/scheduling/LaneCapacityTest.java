package cloud.yuntu.task.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.task.agent.Lane;
import cloud.yuntu.task.agent.LiveAgent;
import cloud.yuntu.task.scheduling.LaneCapacity.LaneLoad;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the farm's free slots are shared between its lanes (pool, renderer). */
class LaneCapacityTest {

    @Test
    void aLaneGetsOnlySlotsOfAgentsWithItsRenderer() {
        List<LiveAgent> agents = List.of(agent("a1", 4, "arnold"));
        Map<Lane, Integer> shares = LaneCapacity.share(agents, List.of(load("redshift", 0, 10), load("arnold", 0, 10)), 500);
        assertThat(shares).containsEntry(lane("redshift"), 0).containsEntry(lane("arnold"), 4);
    }

    @Test
    void aLaneGetsOnlySlotsOfAgentsOfItsPool() {
        List<LiveAgent> agents = List.of(new LiveAgent("a1", Set.of("basic"), Set.of("arnold"), 4));
        Map<Lane, Integer> shares = LaneCapacity.share(agents,
                List.of(load("high", "arnold", 0, 10), load("basic", "arnold", 0, 10)), 500);
        assertThat(shares).containsEntry(new Lane("high", "arnold"), 0).containsEntry(new Lane("basic", "arnold"), 4);
    }

    @Test
    void framesReleasedButNotStartedHoldTheirLanesSlots() {
        List<LiveAgent> agents = List.of(agent("a1", 4, "arnold"));
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 3, 10)), 500)).containsEntry(lane("arnold"), 1);
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 6, 10)), 500)).containsEntry(lane("arnold"), 0);
    }

    @Test
    void jobsAheadWaitInTheLaneBeyondTheFreeSlotsAndCountAsReleasedOnceThere() {
        List<LiveAgent> agents = List.of(agent("busy", 0, "arnold"), agent("idle", 1, "arnold"));
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 0, 10)), 500, 0)).containsEntry(lane("arnold"), 1);
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 0, 10)), 500, 1))
                .as("one free slot and one job ahead for each of the two agents").containsEntry(lane("arnold"), 3);
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 3, 10)), 500, 1))
                .as("the jobs ahead are out already").containsEntry(lane("arnold"), 0);
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 0, 2)), 500, 1))
                .as("never more than waits").containsEntry(lane("arnold"), 2);
    }

    @Test
    void anAgentWithSeveralRenderersIsNotCountedTwice() {
        List<LiveAgent> agents = List.of(agent("both", 2, "arnold", "redshift"));
        Map<Lane, Integer> shares = LaneCapacity.share(agents, List.of(load("arnold", 0, 10), load("redshift", 0, 10)), 500);
        assertThat(total(shares)).isEqualTo(2);
        assertThat(shares).as("lanes take turns").containsEntry(lane("arnold"), 1).containsEntry(lane("redshift"), 1);
        // a frame in flight in one lane takes one of the shared slots; the one left goes to the lane that has none
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 1, 10), load("redshift", 0, 10)), 500))
                .containsEntry(lane("arnold"), 0).containsEntry(lane("redshift"), 1);
    }

    @Test
    void anAgentInSeveralPoolsSpendsItsFreeSlotsOnceForAllOfThem() {
        List<LiveAgent> agents = List.of(new LiveAgent("farm-1", Set.of("basic", "standard", "high"), Set.of("arnold"), 2));
        Map<Lane, Integer> shares = LaneCapacity.share(agents, List.of(load("high", "arnold", 0, 10),
                load("standard", "arnold", 0, 10), load("basic", "arnold", 0, 10)), 500);
        assertThat(total(shares)).isEqualTo(2);
        assertThat(shares).as("the most urgent lanes first, one slot each")
                .containsEntry(new Lane("high", "arnold"), 1).containsEntry(new Lane("standard", "arnold"), 1)
                .containsEntry(new Lane("basic", "arnold"), 0);
        // a job in flight in another pool holds one of its slots
        assertThat(total(LaneCapacity.share(agents, List.of(load("high", "arnold", 0, 10),
                load("basic", "arnold", 1, 0)), 500))).isEqualTo(1);
    }

    @Test
    void aSinglePoolAgentsSlotsGoBeforeAMultiPoolAgents() {
        List<LiveAgent> agents = List.of(new LiveAgent("everywhere", Set.of("basic", "standard"), Set.of("arnold"), 1),
                new LiveAgent("basic-only", Set.of("basic"), Set.of("arnold"), 1));
        // basic is the more urgent lane; a careless rule would give it the multi-pool agent's slot first
        Map<Lane, Integer> shares = LaneCapacity.share(agents,
                List.of(load("basic", "arnold", 0, 1), load("standard", "arnold", 0, 1)), 500);
        assertThat(shares).containsEntry(new Lane("basic", "arnold"), 1).containsEntry(new Lane("standard", "arnold"), 1);
    }

    @Test
    void lanesTakeTurnsMostUrgentFirstAndNeverBeyondTheirWaitingFrames() {
        List<LiveAgent> agents = List.of(agent("both", 5, "arnold", "vray"));
        assertThat(LaneCapacity.share(agents, List.of(load("vray", 0, 10), load("arnold", 0, 10)), 500))
                .containsEntry(lane("vray"), 3).containsEntry(lane("arnold"), 2);
        assertThat(LaneCapacity.share(agents, List.of(load("vray", 0, 1), load("arnold", 0, 10)), 500))
                .containsEntry(lane("vray"), 1).containsEntry(lane("arnold"), 4);
    }

    @Test
    void specialistsSlotsGoFirstSoVersatileAgentsServeWhatOnlyTheyCan() {
        List<LiveAgent> agents = List.of(agent("both", 1, "arnold", "redshift"), agent("arnold-only", 1, "arnold"));
        // arnold is the more urgent lane; a careless rule would give it the versatile agent's slot first
        Map<Lane, Integer> shares = LaneCapacity.share(agents, List.of(load("arnold", 0, 1), load("redshift", 0, 1)), 500);
        assertThat(shares).containsEntry(lane("arnold"), 1).containsEntry(lane("redshift"), 1);
    }

    @Test
    void thePassLimitBoundsAllLanesTogether() {
        List<LiveAgent> agents = List.of(agent("a", 10, "arnold"), agent("r", 10, "redshift"),
                new LiveAgent("h", Set.of("high"), Set.of("arnold"), 10));
        Map<Lane, Integer> shares = LaneCapacity.share(agents,
                List.of(load("arnold", 0, 10), load("redshift", 0, 10), load("high", "arnold", 0, 10)), 5);
        assertThat(shares).containsEntry(lane("arnold"), 2).containsEntry(lane("redshift"), 2)
                .containsEntry(new Lane("high", "arnold"), 1);
    }

    @Test
    void agentsReportingNegativeFreeSlotsGiveNone() {
        List<LiveAgent> agents = List.of(agent("a", -2, "arnold"), agent("b", 1, "arnold"));
        assertThat(LaneCapacity.share(agents, List.of(load("arnold", 0, 10)), 500)).containsEntry(lane("arnold"), 1);
    }

    @Test
    void aSingleFreedSlotGoesToTheLaneOfThatPriorityWithTheFewestFramesInFlight() {
        List<LiveAgent> agents = List.of(new LiveAgent("shared", Set.of("a", "b"), Set.of("arnold"), 1));
        // Lane a is the more urgent (listed first) but has had its turn: one frame rendering.
        LaneLoad a = new LaneLoad(new Lane("a", "arnold"), 50, 0, 1, 10);
        LaneLoad b = new LaneLoad(new Lane("b", "arnold"), 50, 0, 0, 10);
        assertThat(LaneCapacity.share(agents, List.of(a, b), 500))
                .containsEntry(new Lane("a", "arnold"), 0).containsEntry(new Lane("b", "arnold"), 1);
    }

    @Test
    void aHigherPriorityLaneGoesFirstHoweverManyFramesItHasInFlight() {
        List<LiveAgent> agents = List.of(new LiveAgent("shared", Set.of("a", "b"), Set.of("arnold"), 1));
        LaneLoad urgent = new LaneLoad(new Lane("a", "arnold"), 90, 3, 20, 10);
        LaneLoad calm = new LaneLoad(new Lane("b", "arnold"), 50, 0, 0, 10);
        // Its 3 released frames hold slots first (of none free beyond the one): only the one slot is left to give.
        List<LiveAgent> roomy = List.of(new LiveAgent("shared", Set.of("a", "b"), Set.of("arnold"), 4));
        assertThat(LaneCapacity.share(roomy, List.of(calm, urgent), 500))
                .containsEntry(new Lane("a", "arnold"), 1).containsEntry(new Lane("b", "arnold"), 0);
        assertThat(LaneCapacity.share(agents, List.of(calm, new LaneLoad(new Lane("a", "arnold"), 90, 0, 20, 10)), 500))
                .containsEntry(new Lane("a", "arnold"), 1);
    }

    private static final String POOL = "standard";

    private static LiveAgent agent(String id, int free, String... renderers) {
        return new LiveAgent(id, Set.of(POOL), Set.of(renderers), free);
    }

    private static Lane lane(String renderer) {
        return new Lane(POOL, renderer);
    }

    private static LaneLoad load(String renderer, int dispatched, int waiting) {
        return load(POOL, renderer, dispatched, waiting);
    }

    private static LaneLoad load(String pool, String renderer, int dispatched, int waiting) {
        return new LaneLoad(new Lane(pool, renderer), dispatched, waiting);
    }

    private static int total(Map<Lane, Integer> shares) {
        return shares.values().stream().mapToInt(Integer::intValue).sum();
    }
}
