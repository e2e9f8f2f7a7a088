package cloud.yuntu.task.scheduling;

import cloud.yuntu.task.agent.Lane;
import cloud.yuntu.task.agent.LiveAgent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the farm's free slots are shared between the lanes (pool, renderer) in one release pass: a
 * pure rule.
 *
 * <p>An agent reports one set of free slots for every pool it serves and every renderer it has, so
 * a slot is counted for one lane only, whichever pool that lane is in: an agent of pools basic,
 * standard and high with 2 free slots gives 2 jobs in all, not 2 per pool. Slots go one at a time:
 * <ol>
 * <li>First to the frames already DISPATCHED but not started in each lane: they will take a slot of
 *     some agent serving the lane.</li>
 * <li>Then round robin over the lanes with waiting frames, the lanes of the highest priority first
 *     and, among lanes of one priority, the one with the fewest frames in flight first, then in the
 *     order given (the lane whose most urgent waiting frame is the oldest first), one slot per lane
 *     per round, until no lane can take one more: it has no more waiting frames, or no agent serving it
 *     has a slot left, or the pass's limit is reached. So lanes sharing agents take turns instead
 *     of the first one taking every slot; and as a
 *     pass woken by a single finished frame has a single slot to give, the fewest-in-flight order
 *     makes them take turns across passes as well.</li>
 * </ol>
 * Each slot is taken from the agent serving the lane that could serve the fewest other lanes (its
 * pools times its renderers), then the one with the most free slots, then by id: an agent of one
 * pool with one renderer can serve no other lane, so its slots go first, keeping the versatile
 * agents' slots for the lanes only they can serve.
 *
 * <p>Agents take jobs as they come, not as planned here; when an agent takes a job the plan gave
 * to another, the next heartbeats show what is actually free, and a job nobody starts is released
 * again after {@code yuntu.task.dispatch.start-timeout}.
 */
final class LaneCapacity {

    /**
     * A lane with work.
     *
     * @param priority the priority of its most urgent waiting frame's task
     * @param dispatched its frames released but not started yet
     * @param running its frames rendering now
     * @param waiting its waiting frames of tasks that may render (may be capped at the pass's limit)
     */
    record LaneLoad(Lane lane, int priority, int dispatched, int running, int waiting) {

        LaneLoad(Lane lane, int dispatched, int waiting) {
            this(lane, 0, dispatched, 0, waiting);
        }

        int inFlight() {
            return dispatched + running;
        }
    }

    private LaneCapacity() {
    }

    /**
     * @param agents the live agents of every pool, each once
     * @param lanes in order of urgency
     * @param limit most frames one pass may release (all lanes together)
     * @return how many frames each lane may release now (lanes that get none included, as 0)
     */
    static Map<Lane, Integer> share(List<LiveAgent> agents, List<LaneLoad> lanes, int limit) {
        return share(agents, lanes, limit, 0);
    }

    /**
     * {@link #share(List, List, int)} with {@code ahead} more jobs per agent than its free slots: the jobs waiting in a
     * lane for the next slot that frees ({@code yuntu.task.dispatch.jobs-ahead-per-agent}). Jobs released and not
     * started take them first, as they take free slots.
     */
    static Map<Lane, Integer> share(List<LiveAgent> agents, List<LaneLoad> lanes, int limit, int ahead) {
        Map<String, Integer> free = new HashMap<>();
        // An agent listed twice still has one set of slots.
        agents.forEach(a -> free.put(a.id(), Math.max(0, a.freeSlots()) + ahead));
        Map<Lane, Integer> granted = new LinkedHashMap<>();
        for (LaneLoad lane : lanes) {
            granted.putIfAbsent(lane.lane(), 0);
            for (int i = 0; i < lane.dispatched(); i++) {
                if (takeSlot(agents, free, lane.lane()).isEmpty()) {
                    break;
                }
            }
        }
        List<LaneLoad> open = new ArrayList<>(lanes.stream().filter(l -> l.waiting() > 0).toList());
        // Lanes of one priority take turns across passes too: a pass woken by one freed slot gives it to
        // the lane with the fewest frames in flight, not always to the first one.
        open.sort(Comparator.comparingInt((LaneLoad l) -> -l.priority()).thenComparingInt(LaneLoad::inFlight));
        int total = 0;
        while (!open.isEmpty() && total < limit) {
            for (var it = open.iterator(); it.hasNext() && total < limit; ) {
                LaneLoad lane = it.next();
                if (takeSlot(agents, free, lane.lane()).isEmpty()) {
                    it.remove();
                    continue;
                }
                int now = granted.merge(lane.lane(), 1, Integer::sum);
                total++;
                if (now >= lane.waiting()) {
                    it.remove();
                }
            }
        }
        return granted;
    }

    private static Optional<String> takeSlot(List<LiveAgent> agents, Map<String, Integer> free, Lane lane) {
        Optional<LiveAgent> agent = agents.stream()
                .filter(a -> a.serves(lane) && free.get(a.id()) > 0)
                .min(Comparator.comparingInt(LiveAgent::lanes)
                        .thenComparing(a -> -free.get(a.id()))
                        .thenComparing(LiveAgent::id));
        agent.ifPresent(a -> free.merge(a.id(), -1, Integer::sum));
        return agent.map(LiveAgent::id);
    }
}
