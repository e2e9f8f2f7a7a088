package cloud.yuntu.agent.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frames this agent renders right now, by frame id and attempt: what heartbeats report and
 * cancels find. Two attempts of one frame may meet here (a stale job started while the frame's new
 * attempt renders); a cancel of one leaves the other alone.
 */
@ApplicationScoped
public class RunningFrames {

    private record Key(UUID frameId, int attempt) {
    }

    private final Map<Key, FrameRun> runs = new ConcurrentHashMap<>();

    void add(FrameRun run) {
        runs.put(key(run), run);
    }

    void remove(FrameRun run) {
        runs.remove(key(run), run);
    }

    public List<UUID> frameIds() {
        return runs.keySet().stream().map(Key::frameId).distinct().toList();
    }

    /** @param attempt 0 for any attempt of the frame */
    public Optional<FrameRun> get(UUID frameId, int attempt) {
        if (attempt != 0) {
            return Optional.ofNullable(runs.get(new Key(frameId, attempt)));
        }
        return runs.entrySet().stream().filter(e -> e.getKey().frameId().equals(frameId)).map(Map.Entry::getValue).findFirst();
    }

    private static Key key(FrameRun run) {
        return new Key(run.job().frameId(), run.job().attempt());
    }

    /** Asks every run to stop; a stopped run reports nothing, its job goes back to the share group. */
    void abortAll() {
        runs.values().forEach(FrameRun::abort);
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }
}
