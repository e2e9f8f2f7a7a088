package cloud.yuntu.e2e.dispatchload;

import cloud.yuntu.e2e.bench.LatencyHistogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the simulated agents saw, recorded from all their threads: when each job was received (booked), the
 * hand-off before it (from the same agent sending a FrameCompleted to its receiving this next job), how often each
 * frame was completed, redeliveries and errors. Times are {@link System#nanoTime()} of this JVM.
 */
public final class DispatchTally {

    private final Object lock = new Object();
    private long[] bookedAt = new long[1024];
    /** Hand-off of each booking, in nanoseconds; -1 for an agent's first job (no hand-off before it). */
    private long[] handOff = new long[1024];
    private int bookings;
    private final AtomicLong booked = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private final Map<UUID, Integer> completions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong errorCount = new AtomicLong();
    private final AtomicLong heartbeatLateMax = new AtomicLong();
    private final AtomicLong heartbeatsLate = new AtomicLong();
    private final AtomicReference<LatencyHistogram> window = new AtomicReference<>(new LatencyHistogram());
    /** When counting began ({@link System#nanoTime()}): a slot freed before it ends no hand-off counted. */
    private volatile long since = System.nanoTime();

    /**
     * @param receivedAt when the poll that brought the job returned
     * @param handOffNanos since the agent's FrameCompleted that freed the slot, or -1 when no slot was freed before
     * @param deliveryCount the broker's count for the record: above 1, the job was delivered before
     */
    void booked(String agentId, long receivedAt, long handOffNanos, short deliveryCount) {
        synchronized (lock) {
            if (bookings == bookedAt.length) {
                bookedAt = Arrays.copyOf(bookedAt, bookings * 2);
                handOff = Arrays.copyOf(handOff, bookings * 2);
            }
            bookedAt[bookings] = receivedAt;
            handOff[bookings] = handOffNanos;
            bookings++;
        }
        booked.incrementAndGet();
        if (deliveryCount > 1) {
            redelivered.incrementAndGet();
        }
        if (handOffNanos >= 0) {
            window.get().record(handOffNanos / 1000);
        }
    }

    /**
     * Forgets the bookings, completions and redeliveries so far (a warm-up's): what follows is counted alone. A slot
     * freed before now ends no hand-off counted ({@link #countsHandOffFrom}). Errors and heartbeat delays are kept.
     */
    public void restart() {
        synchronized (lock) {
            bookings = 0;
            since = System.nanoTime();
        }
        booked.set(0);
        redelivered.set(0);
        completions.clear();
        window.set(new LatencyHistogram());
    }

    /** Whether a slot freed at {@code freedAt} ({@link System#nanoTime()}) ends a hand-off that counts. */
    boolean countsHandOffFrom(long freedAt) {
        return freedAt - since >= 0;
    }

    /** How late a heartbeat went out against its agent's timer (this JVM starved, a send waiting for the broker). */
    void heartbeatLate(long nanos) {
        heartbeatLateMax.accumulateAndGet(nanos, Math::max);
        if (nanos > 5_000_000_000L) {
            heartbeatsLate.incrementAndGet();
        }
    }

    /** The latest a heartbeat went out, in nanoseconds. */
    public long heartbeatLateMax() {
        return heartbeatLateMax.get();
    }

    /** Heartbeats that went out more than 5 s (an agent's interval) late. */
    public long heartbeatsLate() {
        return heartbeatsLate.get();
    }

    void completed(UUID frameId) {
        completions.merge(frameId, 1, Integer::sum);
    }

    void error(String what) {
        errorCount.incrementAndGet();
        if (errors.size() < 50) {
            errors.add(what);
        }
    }

    public long booked() {
        return booked.get();
    }

    public long redelivered() {
        return redelivered.get();
    }

    public long errorCount() {
        return errorCount.get();
    }

    /** The first errors (at most 50). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** How many FrameCompleted each frame got from the agents. */
    public Map<UUID, Integer> completions() {
        return Map.copyOf(completions);
    }

    /** The hand-offs since the last call, for the live lines. */
    public LatencyHistogram takeWindow() {
        return window.getAndSet(new LatencyHistogram());
    }

    /** Every booking so far, in the order they were received. */
    public List<Booking> bookings() {
        List<Booking> all;
        synchronized (lock) {
            all = new ArrayList<>(bookings);
            for (int i = 0; i < bookings; i++) {
                all.add(new Booking(bookedAt[i], handOff[i]));
            }
        }
        all.sort((a, b) -> Long.compare(a.at(), b.at()));
        return all;
    }

    /** A job received by an agent, with the hand-off before it in nanoseconds (-1: none). */
    public record Booking(long at, long handOffNanos) {
    }
}
