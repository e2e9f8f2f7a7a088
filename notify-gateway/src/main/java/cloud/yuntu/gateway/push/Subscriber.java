package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.gateway.limit.TokenBucket;
import cloud.yuntu.gateway.stream.StreamHead;
import cloud.yuntu.gateway.stream.StreamRecord;
import cloud.yuntu.gateway.stream.StreamSource;
import cloud.yuntu.gateway.stream.TaskOwners;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One open connection, where it stands in its stream, and the messages still to be sent to it.
 *
 * <p>The connection follows its stream by {@code seq}: each record the replica hands it is the
 * next one (sent), an old one (dropped: a redelivery, or already replayed) or one beyond a gap
 * (the missing records are read from the {@link StreamSource} first). Records that arrive while
 * it reads are held, so the client gets every event of the stream exactly once and in order.
 * When what it needs is no longer kept, or the stream started over, the client gets
 * {@code resync} and reloads over REST.
 *
 * <p>Messages go out one at a time, each after the previous was written, so the order is the
 * order on the wire; the thread that hands records over never waits for a client. A client whose
 * queue overflows is disconnected rather than slowing down or starving the others.
 *
 * <p>A connection following one task is also shown the task's live log ({@code task:log}), in the
 * same queue but outside the stream (no {@code seq}), once the caller may see the task
 * ({@link TaskAccess}), and at most {@link LogLimits#linesPerSecond()} lines a second.
 */
final class Subscriber {

    /** The first message of every connection, carrying the seq events continue from. */
    static final String ESTABLISHED = "connection:established";
    /** The client must reload its state over REST; events continue after the message's seq. */
    static final String RESYNC = "resync";
    /** 1011: the stream could not be read (the database is down); the client may reconnect. */
    static final CloseReason UNAVAILABLE = new CloseReason(1011, "stream unavailable, try again shortly");

    private static final Logger LOG = Logger.getLogger(Subscriber.class);

    private final WebSocketConnection connection;
    private final Subscription subscription;
    private final int queueLimit;
    private final int replayPage;
    private final Clock clock;
    private final PushMeters meters;
    private final Instant openedAt;
    /** Whether the caller may see the followed task's log; null when the connection follows no one task. */
    private final TaskAccess access;
    /** The connection's allowance of log lines; null with {@link #access}. */
    private final TokenBucket logLines;
    private final Queue<String> queue = new ArrayDeque<>();
    /** Records that arrived while the connection was reading its stream, released once it has. */
    private final List<StreamRecord> held = new ArrayList<>();

    private StreamSource source;
    private TaskOwners owners;
    private boolean sending;
    private boolean dropped;
    /** Until the stream's head is read and what the client missed is replayed, records are held. */
    private boolean catchingUp = true;
    private UUID epoch;
    /** The seq of the last record of the stream the connection has passed (sent, or not wanted). */
    private long cursor;
    /** When the client was last heard from (a pong, a message, the handshake), for the silence check. */
    private volatile Instant lastHeard;

    /**
     * How much of a task's live log one connection is shown.
     *
     * @param linesPerSecond lines per second at most, in bursts of up to as many
     * @param ownerRecheck   how often the task's owner is looked up again while unknown
     */
    record LogLimits(int linesPerSecond, Duration ownerRecheck) {

        LogLimits {
            // Checked when the gateway starts, not when the first client follows a task.
            if (linesPerSecond < 1) {
                throw new IllegalArgumentException("yuntu.gateway.push.log-lines-per-second must be at least 1, was "
                        + linesPerSecond);
            }
        }
    }

    Subscriber(WebSocketConnection connection, Subscription subscription, int queueLimit, int replayPage, Clock clock,
            PushMeters meters, LogLimits logs) {
        this.connection = connection;
        this.subscription = subscription;
        this.queueLimit = queueLimit;
        this.replayPage = replayPage;
        this.clock = clock;
        this.meters = meters;
        this.openedAt = clock.instant();
        this.lastHeard = openedAt;
        if (subscription.taskId() == null) {
            this.access = null;
            this.logLines = null;
        } else {
            this.access = new TaskAccess(subscription.caller(), logs.ownerRecheck());
            this.logLines = new TokenBucket(logs.linesPerSecond(), logs.linesPerSecond(), nanos(openedAt));
        }
    }

    /** When the connection was opened (its handshake), for operators. */
    Instant openedAt() {
        return openedAt;
    }

    Subscription subscription() {
        return subscription;
    }

    String callerId() {
        return subscription.caller().id();
    }

    String connectionId() {
        return connection.id();
    }

    String stream() {
        return subscription.stream();
    }

    /**
     * Reads where the stream stands, greets the client, and replays what it missed when it resumes;
     * a user's connection following one task asks whose the task is. Called once the connection
     * receives records, so none falls between the head and the feed.
     */
    void start(StreamSource streams, TaskOwners taskOwners) {
        boolean ask;
        synchronized (this) {
            this.source = streams;
            this.owners = taskOwners;
            ask = access != null && access.asks(clock.instant());
        }
        if (ask) {
            lookUpOwner();
        }
        streams.open(subscription.stream()).subscribe().with(this::opened, this::unavailable);
    }

    /** The task this connection follows, null for its whole stream. */
    UUID taskId() {
        return subscription.taskId();
    }

    /**
     * Shows a batch of the followed task's log, if the caller may see the task, within the
     * connection's allowance of lines; the lines over it are dropped and the message says how many.
     * Nothing is shown before the greeting, and nothing is held: a live log is not replayed.
     */
    void deliverLog(TaskLogBatch batch) {
        boolean ask;
        boolean kick = false;
        synchronized (this) {
            if (dropped || access == null || epoch == null) {
                return;
            }
            Instant now = clock.instant();
            ask = access.asks(now);
            int lines = batch.lines().size();
            switch (access.verdict()) {
                case SHOWN -> {
                    int shown = logLines.takeUpTo(lines, nanos(now));
                    kick = queueLocked(batch.message(shown));
                    if (!dropped) {
                        meters.logPushed(shown, lines - shown);
                    }
                }
                case UNKNOWN -> meters.logBatchDropped(PushMeters.LogDropped.OWNER_UNKNOWN, lines);
                case HIDDEN -> {
                    // Another user's task: as if it did not exist, nothing to count.
                }
            }
        }
        if (ask) {
            lookUpOwner();
        }
        kick(kick);
    }

    private void lookUpOwner() {
        owners.ownerOf(subscription.taskId()).subscribe().with(owner -> {
            synchronized (this) {
                access.answered(owner);
            }
        }, failure -> {
            LOG.debugf("Looking up the owner of task %s failed: %s", subscription.taskId(), failure);
            synchronized (this) {
                access.answered(null);
            }
        });
    }

    private static long nanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }

    private void opened(StreamHead head) {
        Subscription.Resume resume = subscription.resume();
        long upTo = -1;
        boolean kick;
        synchronized (this) {
            if (dropped) {
                return;
            }
            epoch = head.epoch();
            if (resume == null) {
                cursor = head.lastSeq();
                kick = queueLocked(greeting(cursor));
            } else if (!resume.epoch().equals(head.epoch())) {
                cursor = head.lastSeq();
                kick = queueLocked(greeting(cursor))
                        | queueLocked(resync("the stream started over: epoch " + head.epoch() + " follows " + resume.epoch()));
            } else if (resume.lastSeq() > head.lastSeq()) {
                cursor = head.lastSeq();
                kick = queueLocked(greeting(cursor))
                        | queueLocked(resync("lastSeq " + resume.lastSeq() + " is beyond the stream's last seq " + head.lastSeq()));
            } else {
                cursor = resume.lastSeq();
                kick = queueLocked(greeting(cursor));
                upTo = head.lastSeq();
            }
        }
        kick(kick);
        if (upTo > cursorNow()) {
            fill(upTo);
        } else {
            caughtUp();
        }
    }

    /** Hands a record of the connection's stream to it; never waits for the client or the database. */
    void deliver(StreamRecord record) {
        long fillTo;
        boolean kick;
        synchronized (this) {
            if (dropped) {
                return;
            }
            if (catchingUp) {
                holdLocked(record);
                return;
            }
            Step step = applyLocked(record);
            fillTo = step.fillTo();
            kick = step.kick();
        }
        kick(kick);
        if (fillTo >= 0) {
            fill(fillTo);
        }
    }

    /**
     * The stream's heads, read by the replica's periodic check: when the connection is still before
     * {@code overdue} (numbered a check interval ago, so no longer on its way) and no read is under
     * way, it reads up to {@code head}.
     */
    void behind(long overdue, long head) {
        synchronized (this) {
            if (dropped || catchingUp || overdue <= cursor) {
                return;
            }
            catchingUp = true;
        }
        fill(head);
    }

    /** What applying a record did: whether to start sending, and up to where a gap must be read first (-1: none). */
    private record Step(boolean kick, long fillTo) {
    }

    /** Called with the lock held and not catching up. */
    private Step applyLocked(StreamRecord record) {
        if (!record.epoch().equals(epoch)) {
            // The stream started over while the client was connected: its numbers mean something new.
            epoch = record.epoch();
            cursor = record.seq() - 1;
            boolean kick = queueLocked(resync("the stream started over: epoch " + record.epoch()));
            return new Step(emitLocked(record) | kick, -1);
        }
        if (record.seq() <= cursor) {
            return new Step(false, -1);
        }
        if (record.seq() == cursor + 1) {
            return new Step(emitLocked(record), -1);
        }
        // A gap: the records between were numbered but have not reached this replica (yet). Read them.
        catchingUp = true;
        holdLocked(record);
        return new Step(false, record.seq() - 1);
    }

    /** Reads the stream from the cursor up to {@code upTo}, a page at a time, then releases what was held. */
    private void fill(long upTo) {
        long from = cursorNow();
        source.after(subscription.stream(), from, upTo, replayPage).subscribe().with(records -> {
            boolean kick = false;
            boolean more;
            synchronized (this) {
                if (dropped) {
                    return;
                }
                if (records.isEmpty() || records.getFirst().seq() != cursor + 1) {
                    // What the client missed is no longer kept (retention): it must reload.
                    cursor = upTo;
                    kick = queueLocked(resync("events after seq " + from + " are no longer kept"));
                    more = false;
                } else {
                    for (StreamRecord record : records) {
                        kick |= emitLocked(record);
                    }
                    more = cursor < upTo;
                }
            }
            kick(kick);
            if (more) {
                fill(upTo);
            } else {
                caughtUp();
            }
        }, this::unavailable);
    }

    /** Releases the records held while catching up, in seq order; a new gap among them starts another fill. */
    private void caughtUp() {
        long fillTo = -1;
        boolean kick = false;
        synchronized (this) {
            if (dropped) {
                return;
            }
            catchingUp = false;
            List<StreamRecord> waiting = new ArrayList<>(held);
            held.clear();
            waiting.sort(Comparator.comparingLong(StreamRecord::seq));
            for (int i = 0; i < waiting.size(); i++) {
                if (catchingUp) {
                    held.add(waiting.get(i));
                    continue;
                }
                Step step = applyLocked(waiting.get(i));
                kick |= step.kick();
                if (step.fillTo() >= 0) {
                    fillTo = step.fillTo();
                }
            }
        }
        kick(kick);
        if (fillTo >= 0) {
            fill(fillTo);
        }
    }

    private synchronized long cursorNow() {
        return cursor;
    }

    /** Called with the lock held: the record is the connection's next; it is sent if the subscription wants it. */
    private boolean emitLocked(StreamRecord record) {
        cursor = record.seq();
        if (!subscription.wants(record)) {
            return false;
        }
        if (access != null && record.taskId() != null) {
            // Wanted by a one-task connection: an event of its task, in the caller's own stream.
            access.eventInCallersStream();
        }
        return queueLocked(write(new Envelope(record.event(), record.data(), record.seq(), record.ts())));
    }

    /** Called with the lock held. Holding is bounded like the queue: a replica that cannot catch a client up drops it. */
    private void holdLocked(StreamRecord record) {
        if (held.size() >= queueLimit) {
            overflowed();
            return;
        }
        held.add(record);
    }

    private void unavailable(Throwable failure) {
        LOG.warnf("Reading stream %s for connection %s failed: %s", subscription.stream(), connection.id(), failure.toString());
        close(UNAVAILABLE);
    }

    /** The client showed it is alive: a pong to the server's ping, or a message of its own. */
    void heard() {
        lastHeard = clock.instant();
    }

    boolean silentSince(Instant cutoff) {
        return lastHeard.isBefore(cutoff);
    }

    /** Answers the client on this connection, in order with the events and within the same queue limit. */
    void reply(ControlMessage message) {
        boolean kick;
        synchronized (this) {
            if (dropped) {
                return;
            }
            kick = queueLocked(write(message));
        }
        kick(kick);
    }

    /**
     * Closes the connection with the reason; nothing more is sent to it.
     *
     * @return whether this closed it (false: it was closed already)
     */
    boolean close(CloseReason reason) {
        synchronized (this) {
            return drop(reason);
        }
    }

    /** Called with the lock held: the client does not keep up, it is let go (1013). */
    private void overflowed() {
        if (drop(CloseCodes.TOO_SLOW)) {
            meters.closed(PushMeters.Closed.TOO_SLOW);
        }
    }

    /**
     * Called with the lock held: queues the frame.
     *
     * @return whether nothing was being sent, so the caller must start sending once it released the lock
     */
    private boolean queueLocked(String frame) {
        if (dropped) {
            return false;
        }
        if (queue.size() >= queueLimit) {
            overflowed();
            return false;
        }
        queue.add(frame);
        meters.queued(queue.size());
        if (sending) {
            return false;
        }
        sending = true;
        return true;
    }

    private void kick(boolean start) {
        if (start) {
            sendNext();
        }
    }

    private void sendNext() {
        String next;
        synchronized (this) {
            next = dropped ? null : queue.poll();
            if (next == null) {
                sending = false;
                return;
            }
        }
        connection.sendText(next).subscribe().with(ok -> {
            meters.sent();
            sendNext();
        }, this::sendFailed);
    }

    private void sendFailed(Throwable failure) {
        LOG.debugf(failure, "Sending to connection %s failed", connection.id());
        synchronized (this) {
            drop(CloseReason.INTERNAL_SERVER_ERROR);
        }
    }

    /** Called with the lock held; returns whether the connection was still open to drop. */
    private boolean drop(CloseReason reason) {
        if (dropped) {
            return false;
        }
        dropped = true;
        queue.clear();
        held.clear();
        LOG.infof("Closing connection %s (%s): %s", connection.id(), subscription, reason.getMessage());
        if (connection.isOpen()) {
            connection.close(reason).subscribe().with(ok -> { }, failure -> { });
        }
        return true;
    }

    private String greeting(long seq) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("userId", subscription.caller().id());
        data.put("admin", subscription.caller().seesEverything());
        data.put("taskId", subscription.taskId());
        data.put("epoch", epoch);
        return write(new Envelope(ESTABLISHED, json(data), seq, clock.instant()));
    }

    private String resync(String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("epoch", epoch);
        data.put("seq", cursor);
        data.put("reason", reason);
        LOG.debugf("Connection %s resyncs: %s", connection.id(), reason);
        return write(new Envelope(RESYNC, json(data), cursor, clock.instant()));
    }

    private static String json(Object value) {
        try {
            return FarmJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write " + value, e);
        }
    }

    private static String write(Object message) {
        return json(message);
    }
}
