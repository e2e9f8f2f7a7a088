package cloud.yuntu.scene;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * file-service's HTTP contract (objects, presign, presigned GET) over real HTTP, serving the
 * corpus: key {@code scenes/<day>/<task>/<corpus file name>} names that corpus file, and a file
 * name starting with {@code garbage} serves bytes that are no scene. Counts downloads so tests
 * can tell a cached answer from a parse.
 */
public class FileServiceDouble implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger DOWNLOADS = new AtomicInteger();
    private static final byte[] GARBAGE = "FOR4\u0000\u0000\u0000\u0010MayaFOR4\u00ff\u00ff\u00ff\u00ffHEAD"
            .getBytes(StandardCharsets.ISO_8859_1);
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/api/files/objects", exchange -> {
            String key = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring(4), StandardCharsets.UTF_8);
            byte[] bytes = bytes(key);
            if (bytes == null) {
                send(exchange, 404, "{\"status\":404}");
                return;
            }
            send(exchange, 200, "{\"key\":\"" + key + "\",\"size\":" + bytes.length + ",\"sha256\":\"" + sha256(bytes) + "\"}");
        });
        server.createContext("/api/files/presign", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = body.replaceAll(".*\"key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            send(exchange, 200, "{\"url\":\"" + base + "/blob/" + key + "?signature=test\",\"method\":\"GET\"}");
        });
        server.createContext("/blob/", exchange -> {
            byte[] bytes = bytes(exchange.getRequestURI().getPath().substring("/blob/".length()));
            if (bytes == null) {
                send(exchange, 404, "{}");
                return;
            }
            DOWNLOADS.incrementAndGet();
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("yuntu.scene.file-service-url", base);
    }

    private static byte[] bytes(String key) throws IOException {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.startsWith("garbage")) {
            return GARBAGE;
        }
        Path file = Corpus.DIR.resolve(name);
        return name.isEmpty() || !Files.isRegularFile(file) ? null : Files.readAllBytes(file);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
