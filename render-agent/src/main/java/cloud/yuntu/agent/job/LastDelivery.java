package cloud.yuntu.agent.job;

import java.util.Optional;

/**
 * What becomes of a job the agent cannot run now (no free slot, draining, stopping, leaving its pool): released to the
 * share group for another agent, unless the record is on the last delivery the broker allows. A release then ends its
 * last delivery, and the broker archives the record instead of delivering it again: the frame would wait, DISPATCHED
 * and forgotten, until task-service's start timeout (10 minutes) released it anew. So on the last delivery the job is
 * handed back to task-service by a report ({@code FrameFailed} with {@code handedBack}), which puts the frame back to
 * WAITING at once without counting a failure, and the record is then accepted. A pure rule.
 */
final class LastDelivery {

    /** The job's disposal. */
    enum Disposal {
        /** To the share group again: another agent gets it with delivery count + 1. */
        RELEASE,
        /** Reported handed back, then accepted: the broker would archive a release. */
        HAND_BACK
    }

    private LastDelivery() {
    }

    /**
     * @param deliveryCount the record's delivery count as the broker gave it (absent: unknown, released as before)
     * @param limit the broker's {@code group.share.delivery.count.limit}
     */
    static Disposal of(Optional<Short> deliveryCount, int limit) {
        return deliveryCount.isPresent() && deliveryCount.get() >= limit ? Disposal.HAND_BACK : Disposal.RELEASE;
    }

    /** Why the job is handed back, as task-service keeps it on the frame. */
    static String reason(String agentId, String cannot, short deliveryCount, int limit) {
        return "agent " + agentId + " cannot run it (" + cannot + ") on delivery " + deliveryCount + " of "
                + limit + " (group.share.delivery.count.limit): a release would have the broker archive the job";
    }
}
