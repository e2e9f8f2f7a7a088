package cloud.yuntu.gateway.push;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ids of the most recent events pushed, so a redelivered event is pushed only once. Bounded:
 * the oldest id is forgotten when a new one arrives at capacity.
 */
@ApplicationScoped
public class RecentEventIds {

    private final Map<UUID, Boolean> ids;

    RecentEventIds(PushConfig config) {
        int capacity = config.recentEventIds();
        this.ids = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is seen (within the remembered window), false for a repeat. */
    public synchronized boolean firstSighting(UUID id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
