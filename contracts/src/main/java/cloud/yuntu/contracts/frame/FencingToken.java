package cloud.yuntu.contracts.frame;

/**
 * The fencing token of one delivery of a frame job: which of the deliveries of a frame's jobs a report speaks for.
 * An agent puts the token of the delivery it holds on every report of that job ({@link FrameEvent#fencingToken()});
 * task-service keeps the token of the delivery that holds the frame and lets a higher one take the frame over, while
 * a report with a lower one changes nothing.
 *
 * <p>The token is {@code attempt × 65,536 + delivery count}: the job's {@link FrameJob#attempt()} first, then the
 * share group's delivery count of its record ({@code ConsumerRecord.deliveryCount()}, 1 for the first delivery).
 * The delivery count alone is not enough: it belongs to one record, and every attempt of a frame is a new record
 * whose count starts at 1 again, so a frame's second attempt would carry lower tokens than the redeliveries of its
 * first. With the attempt in front, a frame's tokens grow across its attempts too, and the token task-service keeps
 * needs no reset when a frame is released again. (The broker's delivery count limit is at most 10, far below 65,536.)
 *
 * <p>Within one record the delivery count grows with every delivery while the broker runs, but it is only
 * non-decreasing: the broker persists a record's count when its lock ends (acknowledged, released, expired), not when
 * it is acquired, so a broker that restarts, or a new leader of the share partition, delivers a record that was
 * acquired but never released with the same count again. Two holders can then show equal tokens; task-service gives
 * the frame to the one that started last (see its README).
 */
public final class FencingToken {

    /** Delivery counts are below this ({@code short} on the wire, at most 10 by the broker's limit). */
    private static final int DELIVERIES = 1 << 16;

    private FencingToken() {
    }

    /**
     * @param attempt the job's attempt, from 1
     * @param deliveryCount the delivery count of the job's record, from 1
     */
    public static long of(int attempt, int deliveryCount) {
        if (attempt < 0 || deliveryCount < 0 || deliveryCount >= DELIVERIES) {
            throw new IllegalArgumentException("attempt " + attempt + ", delivery " + deliveryCount);
        }
        return (long) attempt * DELIVERIES + deliveryCount;
    }

    public static int attempt(long token) {
        return (int) (token / DELIVERIES);
    }

    public static int delivery(long token) {
        return (int) (token % DELIVERIES);
    }

    /** {@code attempt 2 delivery 3}, for logs; {@code none} for a report without a token. */
    public static String describe(Long token) {
        return token == null ? "none" : "attempt " + attempt(token) + " delivery " + delivery(token);
    }
}
