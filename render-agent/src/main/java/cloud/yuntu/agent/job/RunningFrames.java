package cloud.yuntu.agent.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The frames this agent renders right now, by frame id: what heartbeats report and cancels find. */
@ApplicationScoped
public class RunningFrames {

    private final Map<UUID, FrameRun> runs = new ConcurrentHashMap<>();

    void add(FrameRun run) {
        runs.put(run.job().frameId(), run);
    }

    void remove(FrameRun run) {
        runs.remove(run.job().frameId(), run);
    }

    public List<UUID> frameIds() {
        return List.copyOf(runs.keySet());
    }

    public Optional<FrameRun> get(UUID frameId) {
        return Optional.ofNullable(runs.get(frameId));
    }

    /** Asks every run to stop; a stopped run reports nothing, its job goes back to the share group. */
    void abortAll() {
        runs.values().forEach(FrameRun::abort);
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }
}
