package cloud.yuntu.task;

import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.testsupport.TestTokens;
import cloud.yuntu.testsupport.TokenResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Stands in for the calls task-service makes to file-service at submission, with file-service's
 * rules. {@code GET /api/files/objects?key=}: a bearer token verified with the farm's key is
 * required (401 without), and an object is found only by its owner, admins and services (404 for
 * anybody else, like a missing one); so a task-service that forwarded no token, or somebody
 * else's, fails these tests. {@code PUT /api/assets/manifests/{taskId}}: services and admins only
 * (403 for a user's token), every content must be one the owner uploaded with that size (422
 * naming {@code assets[i].sha256}, nothing held), the same manifest again is 204, another one for
 * the task 409; a retain whose {@code heldFrom} is not after the task's end (see {@link #end}) holds
 * nothing (204), and an end releases only a manifest held before it. Tests put the scenes it knows
 * with {@link #upload}, the assets with {@link #uploadAsset}, end a task as file-service's consumer of
 * the task events would with {@link #end}, forget an upload as the retention sweep would with
 * {@link #sweepAsset}, and make it fail for one owner with {@link #failManifestsOf}.
 */
public class FileServiceStandIn implements QuarkusTestResourceLifecycleManager {

    /** The owner of scenes uploaded without naming one; {@link TaskApi}'s default user. */
    public static final String DEFAULT_OWNER = TaskApi.DEFAULT_USER;

    private record Owned(StoredObject object, String owner) {
    }

    /** A manifest as file-service holds it: the owner and each content's size. */
    public record HeldManifest(String owner, Map<String, Long> contents) {
    }

    private static final Map<String, Owned> OBJECTS = new ConcurrentHashMap<>();
    /** Owner -> SHA-256 -> size of the assets they uploaded. */
    private static final Map<String, Map<String, Long>> ASSETS = new ConcurrentHashMap<>();
    private static final Map<UUID, HeldManifest> MANIFESTS = new ConcurrentHashMap<>();
    /** Task -> the {@code heldFrom} of its manifest (absent: none given). */
    private static final Map<UUID, Instant> HELD_FROM = new ConcurrentHashMap<>();
    /** Task -> its latest end. */
    private static final Map<UUID, Instant> ENDED = new ConcurrentHashMap<>();
    /** Task -> the {@code heldFrom} of every retain that reached the stand-in, in order. */
    private static final Map<UUID, List<Instant>> RETAINS = new ConcurrentHashMap<>();
    /** Owner -> how the stand-in answers manifests of theirs instead: an HTTP status, or 0 for a dropped connection. */
    private static final Map<String, Integer> FAILING = new ConcurrentHashMap<>();
    /** Owners whose manifests reached the stand-in. */
    private static final Set<String> ASKED = ConcurrentHashMap.newKeySet();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    private static DefaultJWTParser parser;

    public static StoredObject upload(String fileName) {
        return upload(DEFAULT_OWNER, fileName);
    }

    /** A scene as file-service would hold it after {@code owner} uploaded it, under a fresh scene id. */
    public static StoredObject upload(String owner, String fileName) {
        UUID sceneId = UUID.randomUUID();
        String key = "scenes/" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "/" + sceneId + "/" + fileName;
        StoredObject object = new StoredObject(key, 12_345, "a".repeat(64), "b".repeat(16), "c".repeat(32));
        OBJECTS.put(key, new Owned(object, owner));
        return object;
    }

    /** A content as file-service would hold it after {@code owner} uploaded it ({@code PUT /api/assets/{sha256}}). */
    public static void uploadAsset(String owner, String sha256, long size) {
        ASSETS.computeIfAbsent(owner, o -> new ConcurrentHashMap<>()).put(sha256, size);
    }

    /** The owner's upload is gone (swept after its retention, never held by a task since). */
    public static void sweepAsset(String owner, String sha256) {
        ASSETS.getOrDefault(owner, new ConcurrentHashMap<>()).remove(sha256);
    }

    /**
     * The task ended at {@code at}, as file-service learns it from the task events: remembered, and
     * the manifest released unless it was held after it.
     */
    public static synchronized void end(UUID taskId, Instant at) {
        ENDED.merge(taskId, at, (a, b) -> a.isAfter(b) ? a : b);
        Instant heldFrom = HELD_FROM.get(taskId);
        if (heldFrom == null || !heldFrom.isAfter(at)) {
            MANIFESTS.remove(taskId);
            HELD_FROM.remove(taskId);
        }
    }

    /** The {@code heldFrom} of every retain of the task that reached the stand-in (null: none given). */
    public static List<Instant> retainsOf(UUID taskId) {
        return List.copyOf(RETAINS.getOrDefault(taskId, List.of()));
    }

    /** What file-service holds for the task; empty when nothing was retained for it. */
    public static Optional<HeldManifest> manifestOf(UUID taskId) {
        return Optional.ofNullable(MANIFESTS.get(taskId));
    }

    /** Whether any manifest of {@code owner} reached the stand-in (retained or refused). */
    public static boolean manifestsAskedBy(String owner) {
        return ASKED.contains(owner);
    }

    /**
     * From now on, manifests of {@code owner} are answered {@code status} (a 5xx), or, with 0,
     * the connection is closed without an answer (file-service unreachable).
     */
    public static void failManifestsOf(String owner, int status) {
        FAILING.put(owner, status);
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            parser = new DefaultJWTParser(new JWTAuthContextInfo(publicKey(TokenResource.tokens()), TestTokens.ISSUER));
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/files/objects", FileServiceStandIn::object);
            server.createContext("/api/assets/manifests/", FileServiceStandIn::manifest);
            server.start();
        }
        return Map.of("quarkus.rest-client.file-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void object(HttpExchange exchange) throws IOException {
        JsonWebToken caller = caller(exchange.getRequestHeaders().getFirst("Authorization"));
        if (caller == null) {
            problem(exchange, 401, "unauthorized");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String key = query != null && query.startsWith("key=") ? URLDecoder.decode(query.substring(4), StandardCharsets.UTF_8) : "";
        Owned found = OBJECTS.get(key);
        Set<String> groups = caller.getGroups();
        boolean seesEverything = groups.contains("admin") || groups.contains("service");
        if (found == null || !(seesEverything || (!groups.contains("agent") && found.owner().equals(caller.getSubject())))) {
            problem(exchange, 404, "not-found");
            return;
        }
        StoredObject o = found.object();
        send(exchange, 200, "application/json", String.format("{\"key\":\"%s\",\"size\":%d,\"sha256\":\"%s\",\"xxh64\":\"%s\","
                + "\"md5\":\"%s\",\"owner\":\"%s\",\"createdAt\":\"2026-01-01T00:00:00Z\"}",
                o.key(), o.size(), o.sha256(), o.xxh64(), o.md5(), found.owner()));
    }

    private static void manifest(HttpExchange exchange) throws IOException {
        JsonWebToken caller = caller(exchange.getRequestHeaders().getFirst("Authorization"));
        if (caller == null) {
            problem(exchange, 401, "unauthorized");
            return;
        }
        Set<String> groups = caller.getGroups();
        if (!"PUT".equals(exchange.getRequestMethod()) || !(groups.contains("admin") || groups.contains("service"))) {
            problem(exchange, 403, "forbidden");
            return;
        }
        UUID taskId = UUID.fromString(exchange.getRequestURI().getPath().substring("/api/assets/manifests/".length()));
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String owner = body.path("owner").asText();
        Instant heldFrom = body.path("heldFrom").isTextual() ? Instant.parse(body.path("heldFrom").asText()) : null;
        ASKED.add(owner);
        synchronized (RETAINS) {
            RETAINS.computeIfAbsent(taskId, t -> new ArrayList<>()).add(heldFrom);
        }
        Integer failure = FAILING.get(owner);
        if (failure != null) {
            if (failure == 0) {
                exchange.close();
            } else {
                problem(exchange, failure, "unavailable");
            }
            return;
        }
        Map<String, Long> uploaded = ASSETS.getOrDefault(owner, Map.of());
        Map<String, Long> contents = new HashMap<>();
        List<String> notHeld = new ArrayList<>();
        JsonNode assets = body.path("assets");
        for (int i = 0; i < assets.size(); i++) {
            String sha256 = assets.get(i).path("sha256").asText();
            long size = assets.get(i).path("size").asLong();
            if (!Long.valueOf(size).equals(uploaded.get(sha256))) {
                notHeld.add("{\"field\":\"assets[" + i + "].sha256\",\"message\":\"not uploaded by the owner\"}");
            }
            contents.put(sha256, size);
        }
        if (!notHeld.isEmpty()) {
            send(exchange, 422, "application/problem+json", "{\"type\":\"https://yuntu.cloud/problems/invalid-request\","
                    + "\"title\":\"Invalid request\",\"status\":422,\"detail\":\"not uploaded\",\"errors\":["
                    + String.join(",", notHeld) + "]}");
            return;
        }
        synchronized (FileServiceStandIn.class) {
            Instant ended = ENDED.get(taskId);
            if (heldFrom == null || ended == null || heldFrom.isAfter(ended)) {
                HeldManifest wanted = new HeldManifest(owner, Map.copyOf(contents));
                HeldManifest held = MANIFESTS.putIfAbsent(taskId, wanted);
                if (held != null && !held.equals(wanted)) {
                    problem(exchange, 409, "manifest-conflict");
                    return;
                }
                if (heldFrom != null) {
                    HELD_FROM.merge(taskId, heldFrom, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /** The verified token of the request, or null without a valid one. */
    private static JsonWebToken caller(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            return parser.parse(authorization.substring("Bearer ".length()));
        } catch (ParseException e) {
            return null;
        }
    }

    private static void problem(HttpExchange exchange, int status, String slug) throws IOException {
        send(exchange, status, "application/problem+json",
                "{\"type\":\"https://yuntu.cloud/problems/" + slug + "\",\"title\":\"" + slug + "\",\"status\":" + status + "}");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static PublicKey publicKey(TestTokens tokens) {
        try {
            String pem = Files.readString(tokens.keys().publicKey()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // Shared by every application of this test JVM, like the broker and the database.
    }
}
