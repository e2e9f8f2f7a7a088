package cloud.yuntu.agent.transfer;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for file-service's HTTP API as the agent sees it (presign, presigned GET and PUT that
 * answers with the digests it computed while receiving), so agent tests run without another
 * service. It replaces an HTTP peer only; Kafka in these tests is the real broker.
 */
public final class StandInFileService implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final AtomicInteger puts = new AtomicInteger();
    private final AtomicInteger corruptPutsLeft = new AtomicInteger();

    public StandInFileService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/files/presign", this::presign);
        server.createContext("/blob/", this::blob);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void put(String key, byte[] bytes) {
        objects.put(key, bytes);
    }

    public byte[] get(String key) {
        return objects.get(key);
    }

    public int puts() {
        return puts.get();
    }

    /** The next {@code n} PUTs answer with a wrong sha256, as if bytes were damaged on the way. */
    public void corruptNextPuts(int n) {
        corruptPutsLeft.set(n);
    }

    private void presign(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode request = FarmJson.mapper().readTree(exchange.getRequestBody());
            String key = request.path("key").asText();
            String method = request.path("method").asText();
            String url = url() + "/blob/" + key + "?method=" + URLEncoder.encode(method, StandardCharsets.UTF_8);
            json(exchange, 200, Map.of("url", url, "method", method, "expiresAt", "2099-01-01T00:00:00Z"));
        }
    }

    private void blob(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring("/blob/".length()),
                    StandardCharsets.UTF_8);
            String signedFor = exchange.getRequestURI().getQuery();
            if (signedFor == null || !signedFor.equals("method=" + exchange.getRequestMethod())) {
                json(exchange, 403, Map.of("title", "URL not signed for " + exchange.getRequestMethod()));
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    byte[] bytes = objects.get(key);
                    if (bytes == null) {
                        json(exchange, 404, Map.of("title", "No object " + key));
                        return;
                    }
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
                case "PUT" -> {
                    puts.incrementAndGet();
                    ContentDigest digest = new ContentDigest();
                    ByteArrayOutputStream received = new ByteArrayOutputStream();
                    try (InputStream in = exchange.getRequestBody()) {
                        byte[] buffer = new byte[8192];
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            digest.update(buffer, 0, n);
                            received.write(buffer, 0, n);
                        }
                    }
                    ContentDigest.Digests d = digest.finish();
                    objects.put(key, received.toByteArray());
                    String sha256 = corruptPutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                            ? "0".repeat(64) : d.sha256();
                    json(exchange, 200, Map.of("key", key, "size", d.size(), "sha256", sha256, "xxh64", d.xxh64(),
                            "md5", d.md5()));
                }
                default -> exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = FarmJson.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
