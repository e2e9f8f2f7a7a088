package cloud.yuntu.e2e.pushload;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The load's browsers: thousands of {@code /ws} connections to one gateway on a few Vert.x event
 * loops (a JDK HttpClient per connection would cost far more memory and threads than the gateway
 * under test). Each connection counts as established once {@code connection:established} arrived,
 * then follows its user's stream: every message goes to the {@link DeliveryTally} with the time it
 * arrived. Vert.x answers the gateway's pings itself, so no connection goes silent.
 */
final class LoadConnections implements AutoCloseable {

    /** Handshakes in flight at once: the gateway verifies each token on a worker thread. */
    private static final int OPENING_AT_ONCE = 64;

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client;
    private final URI gateway;
    /** Where deliveries count: the warm-up's, then the measured load's. */
    private volatile DeliveryTally tally;
    private final List<Connection> connections = new ArrayList<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    LoadConnections(URI gateway, int connectionCount) {
        this.gateway = gateway;
        this.tally = new DeliveryTally(null);
        // Vert.x counts open WebSockets per server against maxConnections and queues any beyond it.
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connectionCount + 1)
                .setConnectTimeout(30_000));
    }

    /** One connection, touched only on its event loop once opened. */
    private final class Connection {

        final int index;
        final int user;
        volatile WebSocket socket;
        volatile boolean established;
        volatile boolean closingByUs;
        long seq = -1;

        Connection(int index, int user) {
            this.index = index;
            this.user = user;
        }
    }

    /** How opening went. */
    record Opened(int established, int asked, Duration took, Map<String, Long> failures) {

        double perSecond() {
            return established / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    /**
     * Opens {@code options.connections()} connections, connection {@code i} as user
     * {@code options.userOf(i)} with the token {@code tokenOfUser} gives, and waits until each is
     * established or failed (at most {@code timeout} for all).
     */
    Opened open(PushLoadOptions options, IntFunction<String> tokenOfUser, Duration timeout) throws InterruptedException {
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        CountDownLatch settled = new CountDownLatch(options.connections());
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = 0; i < options.connections(); i++) {
            if (!opening.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            Connection connection = new Connection(i, options.userOf(i));
            connections.add(connection);
            connect(connection, tokenOfUser.apply(connection.user), () -> {
                opening.release();
                settled.countDown();
            });
        }
        settled.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int established = (int) connections.stream().filter(c -> c.established).count();
        if (established + failures.values().stream().mapToLong(AtomicLong::get).sum() < options.connections()) {
            failures.computeIfAbsent("not established within " + timeout.toSeconds() + " s", k -> new AtomicLong())
                    .addAndGet(options.connections() - established - failures.values().stream().mapToLong(AtomicLong::get).sum());
        }
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((reason, count) -> failed.put(reason, count.get()));
        return new Opened(established, options.connections(), took, failed);
    }

    private void connect(Connection connection, String token, Runnable settled) {
        WebSocketConnectOptions target = new WebSocketConnectOptions().setHost(gateway.getHost()).setPort(gateway.getPort())
                .setURI("/ws?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        // Exactly once per connection: established, refused, broken or failed to connect.
        Runnable once = new Runnable() {
            private final AtomicBoolean done = new AtomicBoolean();

            @Override
            public void run() {
                if (done.compareAndSet(false, true)) {
                    settled.run();
                }
            }
        };
        client.connect(target).onComplete(opened -> {
            if (opened.failed()) {
                fail("connect failed: " + opened.cause().getClass().getSimpleName() + ": " + opened.cause().getMessage());
                once.run();
                return;
            }
            WebSocket socket = opened.result();
            connection.socket = socket;
            socket.textMessageHandler(text -> {
                Instant receivedAt = Instant.now();
                PushedEnvelope envelope = PushedEnvelope.parse(text);
                if (!connection.established) {
                    if (PushedEnvelope.ESTABLISHED.equals(envelope.event())) {
                        connection.seq = envelope.seq();
                        connection.established = true;
                        once.run();
                    }
                    return;
                }
                connection.seq = tally.streamMessage(envelope, connection.seq, receivedAt);
            });
            socket.closeHandler(ignored -> {
                if (!connection.established) {
                    fail("closed before established: " + socket.closeStatusCode() + " " + socket.closeReason());
                    once.run();
                } else if (!connection.closingByUs) {
                    tally.closed(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
                }
            });
            socket.exceptionHandler(error -> {
                if (!connection.established) {
                    fail("failed before established: " + error.getClass().getSimpleName() + ": " + error.getMessage());
                    once.run();
                }
            });
        });
    }

    /** From now on deliveries and closes count in {@code next}; each connection keeps its place in its stream. */
    void countInto(DeliveryTally next) {
        this.tally = next;
    }

    private void fail(String reason) {
        failures.computeIfAbsent(reason, ignored -> new AtomicLong()).incrementAndGet();
    }

    /** Connections established and still open, per user (0-based), as of now. */
    int[] openPerUser(int users) {
        int[] open = new int[users];
        for (Connection connection : connections) {
            WebSocket socket = connection.socket;
            if (connection.established && socket != null && !socket.isClosed()) {
                open[connection.user]++;
            }
        }
        return open;
    }

    /** Connections established and still open. */
    int open() {
        int open = 0;
        for (int count : openPerUser(connections.stream().mapToInt(c -> c.user).max().orElse(-1) + 1)) {
            open += count;
        }
        return open;
    }

    /** Closes every connection normally and waits (a while) for the closes to be sent. */
    @Override
    public void close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (Connection connection : connections) {
            connection.closingByUs = true;
            WebSocket socket = connection.socket;
            if (socket != null && !socket.isClosed()) {
                closing.add(socket.close((short) 1000, "load done"));
            }
        }
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Some closes were not acknowledged in time: closing Vert.x drops the rest.
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
