package cloud.yuntu.task.scheduling;

import cloud.yuntu.task.agent.LiveAgent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one pool's free slots are shared between its lanes in one release pass: a pure rule.
 *
 * <p>An agent with several renderers reports one set of free slots for all of them, so a slot is
 * counted for one lane only. Slots go one at a time:
 * <ol>
 * <li>First to the frames already DISPATCHED but not started in each lane: they will take a slot of
 *     some agent with their renderer.</li>
 * <li>Then round robin over the lanes with waiting frames, in the order given (the lane whose most
 *     urgent waiting frame is the most urgent first: priority, then age), one slot per lane per
 *     round, until no lane can take one more: it has no more waiting frames, or no agent with its
 *     renderer has a slot left, or the pass's limit is reached. So lanes sharing agents take turns
 *     instead of the first one taking every slot.</li>
 * </ol>
 * Each slot is taken from the agent with the renderer that has the fewest other renderers (then the
 * most free slots, then by id): an agent with one renderer can serve no other lane, so its slots go
 * first, keeping the versatile agents' slots for the lanes only they can serve.
 *
 * <p>Agents of a share group take jobs as they come, not as planned here; when an agent takes a job
 * the plan gave to another, the next heartbeats show what is actually free, and a job nobody
 * starts is released again after {@code yuntu.task.dispatch.start-timeout}.
 */
final class LaneCapacity {

    /**
     * A lane of the pool, by renderer.
     *
     * @param dispatched its frames released but not started yet
     * @param waiting its waiting frames of tasks that may render (may be capped at the pass's limit)
     */
    record LaneLoad(String renderer, int dispatched, int waiting) {
    }

    private LaneCapacity() {
    }

    /**
     * @param lanes in order of urgency
     * @param limit most frames one pass may release into the pool
     * @return how many frames each lane may release now, by renderer (lanes that get none included, as 0)
     */
    static Map<String, Integer> share(List<LiveAgent> agents, List<LaneLoad> lanes, int limit) {
        Map<String, Integer> free = new HashMap<>();
        agents.forEach(a -> free.merge(a.id(), Math.max(0, a.freeSlots()), Integer::sum));
        Map<String, Integer> granted = new LinkedHashMap<>();
        for (LaneLoad lane : lanes) {
            granted.put(lane.renderer(), 0);
            for (int i = 0; i < lane.dispatched(); i++) {
                if (takeSlot(agents, free, lane.renderer()).isEmpty()) {
                    break;
                }
            }
        }
        List<LaneLoad> open = new ArrayList<>(lanes.stream().filter(l -> l.waiting() > 0).toList());
        int total = 0;
        while (!open.isEmpty() && total < limit) {
            for (var it = open.iterator(); it.hasNext() && total < limit; ) {
                LaneLoad lane = it.next();
                if (takeSlot(agents, free, lane.renderer()).isEmpty()) {
                    it.remove();
                    continue;
                }
                int now = granted.merge(lane.renderer(), 1, Integer::sum);
                total++;
                if (now >= lane.waiting()) {
                    it.remove();
                }
            }
        }
        return granted;
    }

    private static Optional<String> takeSlot(List<LiveAgent> agents, Map<String, Integer> free, String renderer) {
        Optional<LiveAgent> agent = agents.stream()
                .filter(a -> a.renderers().contains(renderer) && free.get(a.id()) > 0)
                .min(Comparator.<LiveAgent>comparingInt(a -> a.renderers().size())
                        .thenComparing(a -> -free.get(a.id()))
                        .thenComparing(LiveAgent::id));
        agent.ifPresent(a -> free.merge(a.id(), -1, Integer::sum));
        return agent.map(LiveAgent::id);
    }
}
