package cloud.yuntu.task.agent;

import java.util.List;

/**
 * How many slots a pool has for a task's ETA and estimate when agents serve several pools: each agent counts once
 * over all its pools. A live agent's slots (and its free slots) count for a pool in proportion to the pools sharing
 * them now: the pool asked about and each other pool of the agent that uses it (frames running on it) or waits for
 * slots (frames released or waiting). The dispatcher hands a shared agent's free slots to the waiting lanes in turns
 * ({@code LaneCapacity}), so while the other pools have work each gets about an equal part of the agent; an agent
 * whose other pools are idle counts whole for this one. Without this, an agent of pools a and b would lend a task of
 * pool a the slots it spends on pool b, and the ETA and estimate of both pools would count it twice. A pure rule.
 */
public final class SharedSlots {

    /**
     * One live agent of the pool.
     *
     * @param slots its slots, busy or free
     * @param free its free slots (less frames that started on it after its heartbeat)
     * @param othersSharing how many of its other pools share it now (frames running on it, released or waiting)
     */
    public record Serving(int slots, int free, int othersSharing) {
    }

    private SharedSlots() {
    }

    /** Frames the pool renders at once: each agent's slots, its part of them when shared; rounded half up. */
    public static int total(List<Serving> agents) {
        return (int) Math.round(agents.stream().mapToDouble(a -> part(a.slots(), a.othersSharing())).sum());
    }

    /** Free slots the pool can count on: each agent's free slots, its part of them when shared; rounded half up. */
    public static int free(List<Serving> agents) {
        return (int) Math.round(agents.stream().mapToDouble(a -> part(Math.max(0, a.free()), a.othersSharing())).sum());
    }

    private static double part(int slots, int othersSharing) {
        return slots / (1.0 + Math.max(0, othersSharing));
    }
}
