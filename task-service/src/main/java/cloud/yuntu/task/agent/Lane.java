package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.Topics;
import java.util.regex.Pattern;

/**
 * Where the jobs of one renderer in one pool go: topic {@code farm.frame-jobs.<pool>.<renderer>},
 * read by the pool's agents that report the renderer. A frame's lane is its task's pool and its
 * layer's renderer.
 */
public record Lane(String pool, String renderer) {

    /**
     * Names a topic may carry (Kafka takes {@code [A-Za-z0-9._-]}); no dot, which separates the pool
     * from the renderer. Tier pools are checked to this form when made; a heartbeat naming
     * something else (a misconfigured agent) gets no lane.
     */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    public String topic() {
        return Topics.frameJobs(pool, renderer);
    }

    public boolean topicSafe() {
        return pool != null && renderer != null && PART.matcher(pool).matches() && PART.matcher(renderer).matches();
    }
}
