package cloud.yuntu.task.frame;

import cloud.yuntu.contracts.frame.FencingToken;

/**
 * Which delivery of a frame's job a report of the frame's current attempt may speak for: the pure rule of fencing.
 * A share group delivers a job again when its holder's record lock ran out (the agent hung, or was cut off from the
 * broker) while that holder may still be rendering; each delivery carries a higher {@link FencingToken}, and the
 * frame belongs to the delivery with the highest token seen. Reports of the attempt's other deliveries change nothing.
 *
 * <ul>
 * <li>A report without a token comes from an agent that sends none: it applies as before tokens existed, unless
 *     another agent holds the frame by a token (then it is a holder that was taken over, or a duplicate).</li>
 * <li>A higher token than the frame's (or the frame's first token) is the newest delivery: it applies, and takes the
 *     frame over from another agent running it (that agent is told to stop). A higher token need not come with a
 *     start: an agent that cannot run its delivery reports a failure or hands the job back without starting.</li>
 * <li>A lower token is an older delivery: stale.</li>
 * <li>An equal token from the holder applies. From another agent it is a delivery the broker counted alike (a
 *     restarted broker forgets an acquisition it never persisted and delivers the record with the same count again;
 *     or the job's record was published twice): nothing orders the two holders but the reports, so a start takes the
 *     frame over (the broker delivered the record to the agent that started last) and any other report is stale.</li>
 * </ul>
 */
public final class Fencing {

    /** What a report of the frame's current attempt does. */
    public enum Verdict {
        /** Applies to the frame as reports did before fencing. */
        APPLY,
        /** Applies, and the frame changes holder: the agent running it until now is told to stop. */
        TAKE_OVER,
        /** Speaks for a delivery that no longer holds the frame: changes nothing (a start is told to stop). */
        STALE
    }

    private Fencing() {
    }

    /**
     * @param attempt the frame's current attempt, which the report is of
     * @param holder the agent the frame is RUNNING on; null when it is not running (released, not started yet)
     * @param holderToken the token kept on the frame: the delivery that holds it. One of an earlier attempt (kept
     *        since that attempt) counts as none: the attempt now running was started by an agent that sends no token,
     *        or not at all
     * @param agent the reporting agent
     * @param token the report's token; null from an agent that sends none
     * @param start whether the report is a start
     */
    public static Verdict of(int attempt, String holder, Long holderToken, String agent, Long token, boolean start) {
        if (holderToken != null && FencingToken.attempt(holderToken) != attempt) {
            holderToken = null;
        }
        boolean otherHolder = holder != null && !holder.equals(agent);
        if (token == null) {
            return otherHolder && holderToken != null ? Verdict.STALE : Verdict.APPLY;
        }
        if (holderToken == null || token > holderToken) {
            return otherHolder ? Verdict.TAKE_OVER : Verdict.APPLY;
        }
        if (token < holderToken) {
            return Verdict.STALE;
        }
        if (!otherHolder) {
            return Verdict.APPLY;
        }
        return start ? Verdict.TAKE_OVER : Verdict.STALE;
    }
}
