package cloud.yuntu.task;

import cloud.yuntu.contracts.frame.StoredObject;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for file-service's HTTP API ({@code GET /api/files/objects?key=}), which
 * task-service reads at submission. Tests put the scenes it knows with {@link #upload}.
 */
public class FileServiceStandIn implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, StoredObject> OBJECTS = new ConcurrentHashMap<>();
    private static HttpServer server;

    /** A scene as file-service would hold it after an upload, under a fresh task id. */
    public static StoredObject upload(String fileName) {
        UUID taskId = UUID.randomUUID();
        String key = "scenes/" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "/" + taskId + "/" + fileName;
        StoredObject object = new StoredObject(key, 12_345, "a".repeat(64), "b".repeat(16), "c".repeat(32));
        OBJECTS.put(key, object);
        return object;
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/files/objects", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                String key = query != null && query.startsWith("key=")
                        ? URLDecoder.decode(query.substring(4), StandardCharsets.UTF_8) : "";
                StoredObject found = OBJECTS.get(key);
                String body;
                int status;
                if (found == null) {
                    status = 404;
                    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                    body = "{\"type\":\"https://yuntu.cloud/problems/not-found\",\"title\":\"Not found\",\"status\":404}";
                } else {
                    status = 200;
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    body = String.format("{\"key\":\"%s\",\"size\":%d,\"sha256\":\"%s\",\"xxh64\":\"%s\",\"md5\":\"%s\","
                                    + "\"createdAt\":\"2026-01-01T00:00:00Z\"}",
                            found.key(), found.size(), found.sha256(), found.xxh64(), found.md5());
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        }
        return Map.of("yuntu.task.file-service-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        // Shared by every application of this test JVM, like the broker and the database.
    }
}
