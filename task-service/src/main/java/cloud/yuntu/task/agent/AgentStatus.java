package cloud.yuntu.task.agent;

import cloud.yuntu.contracts.agent.AgentHeartbeat.AgentState;

/** An agent's state as operators see it in {@code GET /api/agents}. */
public enum AgentStatus {
    /** Takes jobs. */
    ACTIVE,
    /** Told to drain (or reports draining) and still renders frames. */
    DRAINING,
    /** Drained: renders nothing and takes nothing; safe to take down. */
    DRAINED,
    /** Left the farm. */
    STOPPED;

    /**
     * The operators' wish counts as soon as it is recorded, before the agent's heartbeat confirms it:
     * the dispatcher already stops counting its slots then. An agent reporting DRAINING without being
     * told (a command from before its desired state was kept) drains all the same.
     */
    public static AgentStatus of(DesiredState desired, AgentState reported, int runningFrames) {
        if (reported == AgentState.STOPPED) {
            return STOPPED;
        }
        if (desired == DesiredState.DRAINING || reported == AgentState.DRAINING) {
            return runningFrames == 0 ? DRAINED : DRAINING;
        }
        return ACTIVE;
    }
}
