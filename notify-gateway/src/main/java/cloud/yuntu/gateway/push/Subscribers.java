package cloud.yuntu.gateway.push;

import cloud.yuntu.gateway.limit.LimitsConfig;
import cloud.yuntu.gateway.stream.StreamConfig;
import cloud.yuntu.gateway.stream.StreamRecord;
import cloud.yuntu.gateway.stream.StreamSource;
import cloud.yuntu.gateway.stream.TaskOwners;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The open WebSocket connections of this gateway replica and what each subscribed to, within the
 * per-user connection limit, and the check that closes connections whose client went silent.
 * Created at startup so its connection gauge is on /q/metrics before the first client arrives.
 */
@Startup
@ApplicationScoped
public class Subscribers {

    private static final Logger LOG = Logger.getLogger(Subscribers.class);

    /** The silence check runs this many times per timeout, so a dead client goes within 1.25 timeouts. */
    private static final int CHECKS_PER_TIMEOUT = 4;

    private final Map<String, Subscriber> byConnection = new ConcurrentHashMap<>();
    /** The connections following each stream, for handing its records over. */
    private final Map<String, Set<Subscriber>> byStream = new ConcurrentHashMap<>();
    /** The connections following one task, for handing its log over. */
    private final Map<UUID, Set<Subscriber>> byTask = new ConcurrentHashMap<>();
    /** Each caller's open connections, oldest first; guarded by {@code this}, with {@link #byConnection}'s changes. */
    private final Map<String, Deque<Subscriber>> perCaller = new HashMap<>();
    private final PushConfig config;
    private final StreamConfig streams;
    private final StreamSource source;
    private final TaskOwners owners;
    private final Subscriber.LogLimits logLimits;
    private final int connectionsPerCaller;
    private final Clock clock = Clock.systemUTC();
    private final Vertx vertx;
    private final long silenceCheck;
    private final long tailCheck;
    private final PushMeters meters;
    private final OverdueHeads overdueHeads = new OverdueHeads();

    Subscribers(PushConfig config, StreamConfig streams, StreamSource source, TaskOwners owners, LimitsConfig limits,
            MeterRegistry registry, PushMeters meters, Vertx vertx) {
        this.config = config;
        this.streams = streams;
        this.source = source;
        this.owners = owners;
        this.logLimits = new Subscriber.LogLimits(config.logLinesPerSecond(), config.taskOwnerRecheck());
        this.connectionsPerCaller = limits.websocketConnectionsPerUser();
        this.vertx = vertx;
        registry.gaugeMapSize("yuntu.gateway.websocket.connections", Tags.empty(), byConnection);
        this.meters = meters;
        long every = Math.max(100, config.silenceTimeout().toMillis() / CHECKS_PER_TIMEOUT);
        this.silenceCheck = vertx.setPeriodic(every, ignored -> closeSilent());
        this.tailCheck = vertx.setPeriodic(streams.tailCheckInterval().toMillis(), ignored -> checkTails());
    }

    @PreDestroy
    void stopChecking() {
        vertx.cancelTimer(silenceCheck);
        vertx.cancelTimer(tailCheck);
    }

    /**
     * Registers the connection. A caller already at the limit keeps their newest connections: the
     * oldest is closed with {@link CloseCodes#REPLACED}, because the connection just opened is the
     * one the user is looking at (a reloaded tab, a new window).
     */
    void add(WebSocketConnection connection, Subscription subscription) {
        String caller = subscription.caller().id();
        Subscriber subscriber = new Subscriber(connection, subscription, config.sendQueueLimit(), streams.replayPage(), clock,
                meters, logLimits);
        Subscriber oldest = null;
        synchronized (this) {
            Deque<Subscriber> open = perCaller.computeIfAbsent(caller, ignored -> new ArrayDeque<>());
            if (open.size() >= connectionsPerCaller) {
                oldest = open.pollFirst();
                forget(oldest);
            }
            open.addLast(subscriber);
            byConnection.put(connection.id(), subscriber);
            byStream.computeIfAbsent(subscriber.stream(), ignored -> ConcurrentHashMap.newKeySet()).add(subscriber);
            if (subscriber.taskId() != null) {
                byTask.computeIfAbsent(subscriber.taskId(), ignored -> ConcurrentHashMap.newKeySet()).add(subscriber);
            }
        }
        if (oldest != null && oldest.close(CloseCodes.replaced(connectionsPerCaller))) {
            meters.closed(PushMeters.Closed.REPLACED);
        }
        if (!connection.isOpen()) {
            // Closed while being opened: its close callback may have run before it was registered.
            remove(connection);
            return;
        }
        // Registered first, so records numbered while its stream's head is read are held, not missed.
        subscriber.start(source, owners);
    }

    void remove(WebSocketConnection connection) {
        synchronized (this) {
            Subscriber gone = byConnection.get(connection.id());
            if (gone != null) {
                forget(gone);
                Deque<Subscriber> open = perCaller.get(gone.callerId());
                open.remove(gone);
                if (open.isEmpty()) {
                    perCaller.remove(gone.callerId());
                }
            }
        }
    }

    /** Called with the lock held. */
    private void forget(Subscriber subscriber) {
        byConnection.remove(subscriber.connectionId());
        byStream.computeIfPresent(subscriber.stream(), (stream, followers) -> {
            followers.remove(subscriber);
            return followers.isEmpty() ? null : followers;
        });
        if (subscriber.taskId() != null) {
            byTask.computeIfPresent(subscriber.taskId(), (task, followers) -> {
                followers.remove(subscriber);
                return followers.isEmpty() ? null : followers;
            });
        }
    }

    /** The client of the connection is alive (a pong or a message of its own). */
    void heard(WebSocketConnection connection) {
        Subscriber subscriber = byConnection.get(connection.id());
        if (subscriber != null) {
            subscriber.heard();
        }
    }

    /** Closes the connection with the reason (the client broke a rule); nothing more is sent to it. */
    void close(WebSocketConnection connection, CloseReason reason, PushMeters.Closed cause) {
        Subscriber subscriber = byConnection.get(connection.id());
        if (subscriber != null) {
            if (subscriber.close(reason)) {
                meters.closed(cause);
            }
        } else if (connection.isOpen()) {
            connection.close(reason).subscribe().with(ok -> { }, failure -> { });
        }
    }

    /** Answers a message the client sent, in order with the events on its connection. */
    void reply(WebSocketConnection connection, ControlMessage message) {
        Subscriber subscriber = byConnection.get(connection.id());
        if (subscriber != null) {
            subscriber.reply(message);
        }
    }

    /** Hands the record to every connection following its stream, without waiting for any of them. */
    public void deliver(StreamRecord record) {
        Set<Subscriber> followers = byStream.get(record.stream());
        if (followers != null) {
            followers.forEach(subscriber -> subscriber.deliver(record));
        }
    }

    /** Whether a connection on this replica follows the task: else its log need not even be unpacked. */
    boolean followsTask(UUID taskId) {
        return byTask.containsKey(taskId);
    }

    /** Hands a batch of a task's log to every connection following the task, without waiting for any of them. */
    void deliverLog(TaskLogBatch batch) {
        Set<Subscriber> followers = byTask.get(batch.taskId());
        if (followers != null) {
            followers.forEach(subscriber -> subscriber.deliverLog(batch));
        }
    }

    /**
     * Lets every connection still before the head its stream had at the previous check read up to the
     * stream's head now (see {@link StreamConfig#tailCheckInterval()} and {@link OverdueHeads}).
     */
    private void checkTails() {
        if (byStream.isEmpty()) {
            return;
        }
        source.lastSeqs(List.copyOf(byStream.keySet())).subscribe().with(heads -> {
            Map<String, Long> overdue;
            synchronized (overdueHeads) {
                overdue = overdueHeads.next(heads);
            }
            overdue.forEach((stream, due) -> {
                Set<Subscriber> followers = byStream.get(stream);
                if (followers != null) {
                    long head = heads.get(stream);
                    followers.forEach(subscriber -> subscriber.behind(due, head));
                }
            });
        }, failure -> LOG.debugf("Checking the streams' heads failed: %s", failure));
    }

    /**
     * Closes every connection nothing was heard from within the timeout: the server pings every
     * {@code quarkus.websockets-next.server.auto-ping-interval} and a live client answers each ping
     * with a pong, so a client silent for two intervals is gone (a laptop lid closed, a dead NAT
     * mapping) even though its TCP connection looks open. Its place and its queue are freed.
     */
    private void closeSilent() {
        Duration timeout = config.silenceTimeout();
        Instant cutoff = clock.instant().minus(timeout);
        List<Subscriber> gone = byConnection.values().stream().filter(subscriber -> subscriber.silentSince(cutoff)).toList();
        for (Subscriber subscriber : gone) {
            if (subscriber.close(CloseCodes.silent(timeout))) {
                meters.closed(PushMeters.Closed.SILENT);
            }
        }
    }

    /**
     * Closes every connection of the user on this replica with {@link CloseCodes#DISCONNECTED}; they
     * leave the registry at once, so what operators see next no longer counts them.
     *
     * @return how many were closed (the user's connections on other replicas are theirs to close)
     */
    public int disconnect(String userId) {
        List<Subscriber> open;
        synchronized (this) {
            Deque<Subscriber> connections = perCaller.remove(userId);
            open = connections == null ? List.of() : List.copyOf(connections);
            open.forEach(this::forget);
        }
        int closed = 0;
        for (Subscriber subscriber : open) {
            if (subscriber.close(CloseCodes.DISCONNECTED)) {
                meters.closed(PushMeters.Closed.DISCONNECTED);
                closed++;
            }
        }
        return closed;
    }

    /** One open connection as operators see it: no token, no address. */
    public record OnlineConnection(String id, Instant connectedAt, String stream, UUID taskId) {
    }

    /** A user with connections on this replica, oldest connection first. */
    public record OnlineUser(String userId, List<OnlineConnection> connections) {

        public Instant oldestConnectedAt() {
            return connections.getFirst().connectedAt();
        }
    }

    /** The users connected to this replica, by user id. */
    public List<OnlineUser> online() {
        List<OnlineUser> users = new ArrayList<>();
        synchronized (this) {
            perCaller.forEach((userId, open) -> users.add(new OnlineUser(userId, open.stream()
                    .map(subscriber -> new OnlineConnection(subscriber.connectionId(), subscriber.openedAt(),
                            subscriber.stream(), subscriber.subscription().taskId()))
                    .toList())));
        }
        users.sort(Comparator.comparing(OnlineUser::userId));
        return users;
    }

    /** How many connections are open on this replica, of how many users, and the most one user has. */
    public record Occupancy(int connections, int users, int maxConnectionsPerUser) {
    }

    public synchronized Occupancy occupancy() {
        int most = perCaller.values().stream().mapToInt(Deque::size).max().orElse(0);
        return new Occupancy(byConnection.size(), perCaller.size(), most);
    }

    /** The most connections a user may have on this replica. */
    public int connectionsPerUser() {
        return connectionsPerCaller;
    }

    /** The most messages a connection's queue may hold. */
    public int sendQueueLimit() {
        return config.sendQueueLimit();
    }
}
