package cloud.yuntu.task.blocklist;

/**
 * When an agent stops getting a task's frames: its failures of that task reached the threshold, and
 * the failures may be the agent's fault. A scene error (not retryable) fails on every agent alike and
 * says nothing about the agent. The last agent of the pool not yet blocklisted for the task is never
 * blocklisted: the task's frames would then wait forever; on it they fail and die like anywhere. A
 * report of an agent already blocklisted says nothing about the frame either. A pure rule.
 */
public final class BlocklistRule {

    private BlocklistRule() {
    }

    /** A failure of this kind counts against the agent that reported it. */
    public static boolean countsAgainstAgent(boolean retryable) {
        return retryable;
    }

    /**
     * @param failures the agent's counted failures of the task, this one included
     * @param threshold failures that blocklist an agent
     * @param othersNotBlocklisted live agents of the task's pool other than this one not blocklisted for the task
     */
    public static boolean blocklists(int failures, int threshold, int othersNotBlocklisted) {
        return failures >= threshold && othersNotBlocklisted > 0;
    }
}
