package cloud.yuntu.contracts;

/** Kafka topic and share-group names, as fixed by ARCHITECTURE.md. */
public final class Topics {

    /**
     * Frame jobs of one lane, {@code farm.frame-jobs.<pool>.<renderer>}; key taskId; read through the
     * lane's share group {@link #renderAgentsGroup}. An agent joins only the lanes of the renderers it
     * has, so a job can reach no agent without its renderer.
     */
    public static final String FRAME_JOBS_PREFIX = "farm.frame-jobs.";
    /** Frame started / progress / completed / failed; key taskId. */
    public static final String FRAME_EVENTS = "farm.frame-events";
    /** LZ4-compressed batches of renderer log lines; key frameId. */
    public static final String FRAME_LOGS = "farm.frame-logs";
    /** Agent state; key agentId; compacted. */
    public static final String AGENT_HEARTBEATS = "farm.agent-heartbeats";
    /** Cancel a frame, drain, resume; key agentId. */
    public static final String AGENT_COMMANDS = "farm.agent-commands";
    /** Task status, progress, completion, failure; key taskId. */
    public static final String TASK_EVENTS = "farm.task-events";
    /** Scene analysis requests; key sceneKey. */
    public static final String SCENE_ANALYSIS = "farm.scene-analysis";
    /** Scene analysis results or errors; key sceneKey. */
    public static final String SCENE_RESULTS = "farm.scene-results";
    /** User or broadcast notifications; key userId. */
    public static final String NOTIFICATIONS = "farm.notifications";
    /**
     * Records a consumer could not read, byte for byte as they came, with headers naming the topic they
     * came from, the consumer's service and why ({@code dead-letter-*}); no key. Kept for
     * operators to inspect and replay; nothing of ours consumes it.
     */
    public static final String DEAD_LETTERS = "farm.dead-letters";

    private Topics() {
    }

    /**
     * The job topic of one pool and renderer. Topic names take {@code [A-Za-z0-9._-]}; pool and
     * renderer names are checked to that form where they are made (tiers, Maya's renderer names).
     */
    public static String frameJobs(String pool, String renderer) {
        return FRAME_JOBS_PREFIX + pool + "." + renderer;
    }

    /**
     * The share group of one lane, {@code render-agents-<pool>.<renderer>}: every agent of the pool with
     * the renderer is a member, and the lane's one partition is shared by all of them, so any idle one
     * takes the next job. (In one group per pool, the broker's assignor would split the lanes' partitions
     * between the members instead, and a lane would be served by one agent only.)
     */
    public static String renderAgentsGroup(String pool, String renderer) {
        return "render-agents-" + pool + "." + renderer;
    }

    /** The share group of a lane topic {@code farm.frame-jobs.<pool>.<renderer>}. */
    public static String renderAgentsGroupOfLane(String laneTopic) {
        if (!laneTopic.startsWith(FRAME_JOBS_PREFIX)) {
            throw new IllegalArgumentException(laneTopic + " is not a lane topic");
        }
        return "render-agents-" + laneTopic.substring(FRAME_JOBS_PREFIX.length());
    }
}
