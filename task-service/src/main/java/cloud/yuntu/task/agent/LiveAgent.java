package cloud.yuntu.task.agent;

import java.util.Set;

/**
 * An ACTIVE agent of a pool with a fresh heartbeat, as the release sees it.
 *
 * @param renderers the renderers it reports (Maya's names)
 * @param freeSlots the free slots it reported, less frames that started on it after that heartbeat
 */
public record LiveAgent(String id, Set<String> renderers, int freeSlots) {

    public LiveAgent {
        renderers = Set.copyOf(renderers);
    }
}
