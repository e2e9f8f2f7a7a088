package cloud.yuntu.task.agent;

import java.util.Set;

/**
 * An ACTIVE agent with a fresh heartbeat that no operator drains, as the release sees it.
 *
 * @param pools the pools it serves (its heartbeat's {@code pools}); its free slots are one budget for all of them
 * @param renderers the renderers it reports (Maya's names)
 * @param freeSlots the free slots it reported, less frames that started on it after that heartbeat
 */
public record LiveAgent(String id, Set<String> pools, Set<String> renderers, int freeSlots) {

    public LiveAgent {
        pools = Set.copyOf(pools);
        renderers = Set.copyOf(renderers);
    }

    /** It reads the lane's topic: it serves the lane's pool and reports its renderer. */
    public boolean serves(Lane lane) {
        return pools.contains(lane.pool()) && renderers.contains(lane.renderer());
    }

    /** How many lanes it could take a job of: every pool it serves with every renderer it reports. */
    public int lanes() {
        return pools.size() * renderers.size();
    }
}
