package cloud.yuntu.agent.job;

import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;

/**
 * One share consumer of a lane's intake, and the job records it holds. A share consumer that holds a renewed record
 * gets that record back from every poll and asks the broker for no new one until it holds nothing (seen on the 4.2.1
 * client: {@code ShareConsumerJobTakingTest}), so one consumer cannot both keep a running job and wait for the next:
 * an intake keeps a consumer per job it holds and one empty-handed one, the taker, that waits in a poll for the
 * next job while a slot is free.
 *
 * <p>A consumer that polled and got nothing keeps fetching in the background until a fetch brings a record
 * ({@link #fetching()}): such a one is either the taker or closed, never left idle, or it would lock a job nobody
 * polls for. One whose last poll brought records (its job, or its own renewed ones) and that acknowledged them
 * since fetches nothing until polled again, so it waits as a spare for the next free slot without holding anything.
 */
final class LaneMember {

    private final KafkaShareConsumer<String, byte[]> consumer;
    /** Every record it holds: in hand, or acknowledged RENEW and due back on its next poll. */
    private final Set<RecordPosition> held = new HashSet<>();
    /** Records a poll returned that are not acknowledged yet; they must be before it polls again. */
    private final Map<RecordPosition, ConsumerRecord<String, byte[]>> inHand = new LinkedHashMap<>();
    private long lastServedNanos;
    private boolean fetching;
    /** Records were acknowledged for good and not committed yet: its next poll or a commit sends them. */
    private boolean settlePending;

    LaneMember(KafkaShareConsumer<String, byte[]> consumer, long now) {
        this.consumer = consumer;
        this.lastServedNanos = now;
    }

    KafkaShareConsumer<String, byte[]> consumer() {
        return consumer;
    }

    /** A poll returned, with records or without. */
    void polled(boolean gotRecords) {
        fetching = !gotRecords;
    }

    /**
     * Notes whether acknowledgements are waiting to be sent; returns whether they were before. Cleared by whoever
     * sends them: the poll of the taker, or a commit.
     */
    boolean settlePending(boolean pending) {
        boolean was = settlePending;
        settlePending = pending;
        return was;
    }

    /** Its records were acknowledged, or it polled: its locks were renewed (or it held none). */
    void served(long now) {
        lastServedNanos = now;
    }

    /** The record was acknowledged RENEW: it comes back on the next poll. */
    void hold(RecordPosition position) {
        held.add(position);
    }

    /** A record stays unacknowledged for now: it is acknowledged, without a poll, when it is next due. */
    void keepInHand(ConsumerRecord<String, byte[]> record) {
        RecordPosition position = RecordPosition.of(record);
        held.add(position);
        inHand.put(position, record);
    }

    /** The records in hand, to be acknowledged now; none are left in hand. */
    List<ConsumerRecord<String, byte[]>> takeInHand() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(inHand.values());
        inHand.clear();
        return records;
    }

    /** The record was acknowledged for good, or came back to another consumer, or was given up as lost. */
    void forget(RecordPosition position) {
        held.remove(position);
        inHand.remove(position);
    }

    boolean holds() {
        return !held.isEmpty();
    }

    boolean fetching() {
        return fetching;
    }

    /**
     * Its records are due: one of its jobs has an outcome to acknowledge, or their locks need renewing. They are in
     * its hand, or its poll returns them at once.
     */
    boolean due(long now, Duration renewInterval, Predicate<RecordPosition> ended) {
        return holds() && (now - lastServedNanos >= renewInterval.toNanos() || held.stream().anyMatch(ended));
    }

    /** Nanoseconds until its locks need renewing (0 if already due); {@link Long#MAX_VALUE} when it holds nothing. */
    long untilRenewal(long now, Duration renewInterval) {
        return holds() ? Math.max(0, lastServedNanos + renewInterval.toNanos() - now) : Long.MAX_VALUE;
    }

    /**
     * Which empty-handed consumer should wait for the next job: the one already fetching (the taker of the last
     * round), else a spare, else none (a new one is opened).
     */
    static LaneMember taker(Collection<LaneMember> members) {
        LaneMember spare = null;
        for (LaneMember member : members) {
            if (member.holds()) {
                continue;
            }
            if (member.fetching) {
                return member;
            }
            if (spare == null) {
                spare = member;
            }
        }
        return spare;
    }

    /** The soonest any member's locks need renewing, in nanoseconds; {@link Long#MAX_VALUE} when none holds a job. */
    static long untilNextRenewal(Collection<LaneMember> members, long now, Duration renewInterval) {
        long soonest = Long.MAX_VALUE;
        for (LaneMember member : members) {
            soonest = Math.min(soonest, member.untilRenewal(now, renewInterval));
        }
        return soonest;
    }
}
