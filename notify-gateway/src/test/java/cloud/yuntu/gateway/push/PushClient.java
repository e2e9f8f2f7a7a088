package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real WebSocket client of {@code /ws} (or {@code /ws/admin}) that collects the messages it receives.
 *
 * <p>Built on the JDK's client because its listener is in place before the handshake starts: the
 * server refuses a connection by closing it right after the handshake, and a client whose handlers
 * are attached once the handshake has completed (Vert.x's {@code ClientWebSocket}) can see that
 * close before them and fail with "WebSocket is closed" instead of reporting the refusal.
 */
final class PushClient implements AutoCloseable {

    /** How long a message that should come may take, generous for a loaded build machine. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The code a connection lost without a close frame reports (RFC 6455, 7.1.5). */
    private static final short ABNORMAL_CLOSURE = 1006;

    record Closed(short code, String reason) {
    }

    private final HttpClient http;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    /** The first message of any kind: {@code /ws/admin} greets with its first {@code monitor}. */
    private final CompletableFuture<JsonNode> first = new CompletableFuture<>();
    private volatile WebSocket socket;

    private PushClient(HttpClient http) {
        this.http = http;
    }

    /** Connects with {@code access_token} = {@code token} (none when null) and the rest of the query. */
    static PushClient connect(URI server, String token, String query) throws Exception {
        return connect(server, token, query, Map.of());
    }

    /**
     * Like a browser on the gateway's own page: sends {@code Origin} = the server's origin unless
     * {@code headers} names another.
     */
    static PushClient connect(URI server, String token, String query, Map<String, String> headers) throws Exception {
        return connect(server, "/ws", token, query, headers);
    }

    /** Connects to the operators' {@code /ws/admin} like a browser on the gateway's own page. */
    static PushClient monitor(URI server, String token) throws Exception {
        return connect(server, "/ws/admin", token, "", Map.of());
    }

    static PushClient connect(URI server, String path, String token, String query, Map<String, String> headers)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
        PushClient pushClient = new PushClient(http);
        StringBuilder uri = new StringBuilder("ws://").append(server.getHost()).append(':').append(server.getPort())
                .append(path);
        String separator = "?";
        if (token != null) {
            uri.append(separator).append("access_token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
            separator = "&";
        }
        if (!query.isEmpty()) {
            uri.append(separator).append(query);
        }
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(PATIENCE);
        Map<String, String> sent = new HashMap<>(headers);
        sent.putIfAbsent("Origin", "http://" + server.getHost() + ":" + server.getPort());
        sent.forEach(builder::header);
        pushClient.socket = builder.buildAsync(URI.create(uri.toString()), pushClient.new Listener())
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        // The handshake completes before the server's open callback has registered the connection
        // (or refused it); its greeting or its close says it has. Until then an event published
        // would miss it, and a next connection of the same user could take its place.
        CompletableFuture.anyOf(pushClient.first, pushClient.closed).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return pushClient;
    }

    /** Collects whole text messages; the greeting is kept apart, so tests read events with next() as they come. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                accept(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed((short) statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(ABNORMAL_CLOSURE, String.valueOf(error.getMessage())));
        }
    }

    private void accept(String text) {
        try {
            JsonNode envelope = FarmJson.mapper().readTree(text);
            first.complete(envelope);
            if (!greeting.isDone() && "connection:established".equals(envelope.path("event").asText())) {
                greeting.complete(envelope);
            } else {
                received.add(envelope);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connection's first message, {@code connection:established}; fails the test when none comes in time. */
    JsonNode greeting() throws Exception {
        return greeting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next envelope; fails the test when none comes in time. */
    JsonNode next() throws InterruptedException {
        JsonNode envelope = received.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(envelope).as("an envelope within %s", PATIENCE).isNotNull();
        return envelope;
    }

    /** The next envelope if one comes within the wait, else null. */
    JsonNode poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one text message as the client. */
    void send(String text) throws Exception {
        socket.sendText(text, true).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    Closed awaitClose() throws Exception {
        return closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** How the server closed the connection if it did within the wait, else null. */
    Closed closedWithin(Duration wait) throws Exception {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillOpen) {
            return null;
        }
    }

    @Override
    public void close() {
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(alreadyGone -> null).join();
        }
        if (open != null) {
            open.abort();
        }
        http.close();
    }
}
