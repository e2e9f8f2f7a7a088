package cloud.yuntu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A browser's view of the gateway: every envelope pushed on {@code /ws}, in arrival order, and how it ended. */
final class TaskEventsSocket implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the server ended the connection. */
    record Closed(int code, String reason) {
    }

    private final List<JsonNode> envelopes = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** @param query e.g. {@code taskId=...}, or empty; {@code token} null opens without one */
    TaskEventsSocket(String gateway, String token, String query) throws Exception {
        this(uri(gateway, token, query));
    }

    TaskEventsSocket(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(20, TimeUnit.SECONDS);
    }

    static URI uri(String gateway, String token, String query) {
        StringBuilder uri = new StringBuilder(gateway.replaceFirst("^http", "ws")).append("/ws");
        String separator = "?";
        if (token != null) {
            uri.append(separator).append("access_token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
            separator = "&";
        }
        if (query != null && !query.isEmpty()) {
            uri.append(separator).append(query);
        }
        return URI.create(uri.toString());
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                envelopes.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("Not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, String.valueOf(error)));
    }

    List<JsonNode> envelopes() {
        return List.copyOf(envelopes);
    }

    List<JsonNode> envelopes(String event) {
        return envelopes.stream().filter(e -> event.equals(e.path("event").asText())).toList();
    }

    /** Task events about {@code taskId}, whatever their kind. */
    List<JsonNode> about(String taskId) {
        return envelopes.stream().filter(e -> !"connection:established".equals(e.path("event").asText()))
                .filter(e -> taskId.equals(e.path("data").path("taskId").asText())).toList();
    }

    CompletableFuture<Closed> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
