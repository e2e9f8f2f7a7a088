package cloud.yuntu.scene;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * file-service's HTTP contract (objects, presign, presigned GET) over real HTTP, serving the
 * corpus: key {@code scenes/<day>/<id>/<corpus file name>} names that corpus file, and a file
 * name starting with {@code garbage} serves bytes that are no scene. Counts downloads so tests
 * can tell a cached answer from a parse.
 *
 * <p>It applies file-service's identity rules: objects and presign need a bearer token signed by
 * the test keys (else 401), and answer 404 for a key the caller may not see (platform's
 * {@link Caller#maySee}: a user only the keys {@link #own owned} by them, a service every key).
 * It also plays task-service's token endpoint for scene-service's own client credentials.
 */
public class FileServiceDouble implements QuarkusTestResourceLifecycleManager {

    public static final AtomicInteger DOWNLOADS = new AtomicInteger();
    public static final String SERVICE_SECRET = "double-service-secret-" + UUID.randomUUID();
    /** Callers of objects and presign, as {@code <caller id> <roles> <path> <key>}, in order. */
    public static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final Map<String, String> OWNERS = new ConcurrentHashMap<>();
    private static final byte[] GARBAGE = "FOR4\u0000\u0000\u0000\u0010MayaFOR4\u00ff\u00ff\u00ff\u00ffHEAD"
            .getBytes(StandardCharsets.ISO_8859_1);
    private HttpServer server;
    private DefaultJWTParser tokens;

    private static final Map<String, byte[]> GENERATED = new ConcurrentHashMap<>();

    /** Serves {@code bytes} under {@code key} (generated scenes, e.g. {@link HostileScenes}). */
    public static void serve(String key, byte[] bytes) {
        GENERATED.put(key, bytes);
    }

    /** Records {@code user} as the owner of {@code key}, as file-service does for an upload. */
    public static void own(String key, String user) {
        OWNERS.put(key, user);
    }

    @Override
    public Map<String, String> start() {
        TestTokens testTokens = TokenResource.tokens();
        tokens = new DefaultJWTParser(new JWTAuthContextInfo(testTokens.keys().publicKey().toString(), TestTokens.ISSUER));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/api/auth/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!form.contains("grant_type=client_credentials") || !form.contains("client_id=scene-service")
                    || !form.contains("client_secret=" + SERVICE_SECRET)) {
                send(exchange, 401, "{\"status\":401}");
                return;
            }
            send(exchange, 200, "{\"access_token\":\"" + testTokens.service("scene-service")
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":1800}");
        });
        server.createContext("/api/files/objects", exchange -> {
            String key = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring(4), StandardCharsets.UTF_8);
            Caller caller = caller(exchange);
            if (caller == null) {
                send(exchange, 401, "{\"status\":401}");
                return;
            }
            CALLS.add(caller.id() + " " + caller.roles() + " objects " + key);
            byte[] bytes = caller.maySee(OWNERS.get(key)) ? bytes(key) : null;
            if (bytes == null) {
                send(exchange, 404, "{\"status\":404}");
                return;
            }
            send(exchange, 200, "{\"key\":\"" + key + "\",\"size\":" + bytes.length + ",\"sha256\":\"" + sha256(bytes) + "\"}");
        });
        server.createContext("/api/files/presign", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = body.replaceAll(".*\"key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            Caller caller = caller(exchange);
            if (caller == null) {
                send(exchange, 401, "{\"status\":401}");
                return;
            }
            CALLS.add(caller.id() + " " + caller.roles() + " presign " + key);
            if (!caller.maySee(OWNERS.get(key))) {
                send(exchange, 404, "{\"status\":404}");
                return;
            }
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
        return Map.of("quarkus.rest-client.file-service.url", base,
                "yuntu.credentials.token-url", base + "/api/auth/token",
                "yuntu.credentials.client-secret", SERVICE_SECRET);
    }

    /** The verified caller of a request, null without a valid token. */
    private Caller caller(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            JsonWebToken token = tokens.parse(authorization.substring("Bearer ".length()));
            Set<String> groups = token.getGroups();
            return new Caller(token.getSubject(), groups == null ? Set.of() : groups);
        } catch (ParseException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] bytes(String key) throws IOException {
        if (GENERATED.containsKey(key)) {
            return GENERATED.get(key);
        }
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
