package cloud.yuntu.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A real WebSocket client of {@code /ws} that collects the envelopes it receives. */
final class PushClient implements AutoCloseable {

    /** How long a message that should come may take, generous for a loaded build machine. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    record Closed(short code, String reason) {
    }

    private final WebSocketClient client;
    private final ClientWebSocket socket;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();

    private PushClient(WebSocketClient client, ClientWebSocket socket) {
        this.client = client;
        this.socket = socket;
        // Handlers go on before the handshake: the server may close right after it.
        socket.textMessageHandler(text -> {
            try {
                JsonNode envelope = FarmJson.mapper().readTree(text);
                // The greeting is kept apart, so tests read events with next() as they come.
                if (!greeting.isDone() && "connection:established".equals(envelope.path("event").asText())) {
                    greeting.complete(envelope);
                } else {
                    received.add(envelope);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        socket.closeHandler(ignored -> closed.complete(new Closed(socket.closeStatusCode(), socket.closeReason())));
    }

    /** Connects with {@code access_token} = {@code token} (none when null) and the rest of the query. */
    static PushClient connect(Vertx vertx, URI server, String token, String query) throws Exception {
        return connect(vertx, server, token, query, Map.of());
    }

    /**
     * Like a browser on the gateway's own page: the Vert.x client sends {@code Origin} = the
     * server's origin unless {@code headers} names another.
     */
    static PushClient connect(Vertx vertx, URI server, String token, String query, Map<String, String> headers)
            throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        PushClient pushClient = new PushClient(client, client.webSocket());
        StringBuilder uri = new StringBuilder("/ws");
        String separator = "?";
        if (token != null) {
            uri.append(separator).append("access_token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
            separator = "&";
        }
        if (!query.isEmpty()) {
            uri.append(separator).append(query);
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(server.getHost())
                .setPort(server.getPort())
                .setURI(uri.toString());
        headers.forEach(options::putHeader);
        pushClient.socket.connect(options).toCompletionStage().toCompletableFuture()
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        // The handshake completes before the server's open callback has registered the connection
        // (or refused it); its greeting or its close says it has. Until then an event published
        // would miss it, and a next connection of the same user could take its place.
        CompletableFuture.anyOf(pushClient.greeting, pushClient.closed).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return pushClient;
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
        if (!socket.isClosed()) {
            socket.close();
        }
        client.close();
    }
}
