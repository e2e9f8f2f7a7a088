package cloud.yuntu.agent.transfer;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.platform.identity.JobGrant;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the farm's HTTP APIs as the agent sees them, so agent tests run without other
 * services: task-service's token endpoint (client credentials of one known agent) and
 * file-service's presign, presigned GET and PUT (answering with the digests it computed while
 * receiving). As file-service, a PUT URL is bound to the size and SHA-256 the presign named (422
 * without them), refuses another Content-Length or another body (422, nothing kept), is good for one
 * upload (409 after), and a confirmed result ({@link #confirm}) answers 409 with its {@code Repr-Digest}. Presign applies file-service's rule for agents: a bearer token this stand-in issued
 * (else 401), and a job grant that allows the method on the key (else 404, as for a missing
 * object), so a test fails if the agent leaves out either. Grants are opaque handles to
 * platform's {@link JobGrant} (its {@code allows} is the rule file-service applies); the agent
 * only passes them on. Also stands in for task-service's {@code GET /api/tiers} (a token it issued, else 401):
 * the farm's tiers ({@link #FARM_TIERS}) unless a test sets others ({@link #tiers}).
 * It replaces HTTP peers only; Kafka in these tests is the real broker.
 */
public final class StandInFileService implements AutoCloseable {

    /** The only client the token endpoint knows: the agent under test. */
    public static final String AGENT_ID = "test-agent";
    /** The owner of every task whose grant this stand-in hands out. */
    public static final String OWNER = "artist";
    public static final String AGENT_SECRET = "stand-in-agent-secret-" + UUID.randomUUID();
    /** The tiers task-service starts with, as {@code GET /api/tiers} answers them (GPU fields absent for CPU tiers). */
    public static final List<Map<String, Object>> FARM_TIERS = List.of(
            Map.of("name", "basic", "cores", 8, "ramGb", 16, "gpus", 0, "pricePerHour", 0.5, "currency", "CNY", "pool", "basic"),
            Map.of("name", "standard", "cores", 16, "ramGb", 32, "gpus", 0, "pricePerHour", 1.0, "currency", "CNY",
                    "pool", "standard"),
            Map.of("name", "high", "cores", 24, "ramGb", 64, "gpus", 2, "gpuModel", "NVIDIA RTX A6000", "gpuMemoryGb", 48,
                    "pricePerHour", 2.5, "currency", "CNY", "pool", "high"));

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final AtomicInteger puts = new AtomicInteger();
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private final AtomicInteger corruptPutsLeft = new AtomicInteger();
    private final AtomicInteger unavailablePutPresignsLeft = new AtomicInteger();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final Map<String, JobGrant> grants = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Set<String> spent = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> confirmed = new ConcurrentHashMap<>();
    private volatile List<Map<String, Object>> tiers = FARM_TIERS;
    private final AtomicInteger tierReads = new AtomicInteger();

    /** What an upload URL was issued for. */
    private record Upload(String key, long size, String sha256) {
    }

    public StandInFileService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/auth/token", this::token);
        server.createContext("/api/files/presign", this::presign);
        server.createContext("/api/tiers", this::tiers);
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

    /** Presigned GETs of {@code key} answered so far, whatever they answered. */
    public int gets(String key) {
        AtomicInteger count = gets.get(key);
        return count == null ? 0 : count.get();
    }

    /** A grant as task-service puts it into a job: read {@code sceneKey}, write below {@code resultKeyPrefix}. */
    public String grantFor(UUID taskId, String sceneKey, String resultKeyPrefix) {
        String handle = "grant-" + UUID.randomUUID();
        grants.put(handle, new JobGrant(taskId, OWNER, sceneKey, resultKeyPrefix));
        return handle;
    }

    /** Every token issued so far stops working, as after a key rotation or revocation. */
    public void revokeTokens() {
        validTokens.clear();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** The presign requests refused so far, as {@code <status> <method> <key>}. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /**
     * {@code bytes} stored under {@code key} as a confirmed result: every PUT of it answers 409 with the
     * {@code Repr-Digest} of these bytes, as file-service does once a frame's completion confirmed it.
     */
    public void confirm(String key, byte[] bytes) {
        objects.put(key, bytes);
        confirmed.put(key, bytes);
    }

    /** The next {@code n} PUTs answer with a wrong sha256, as if bytes were damaged on the way. */
    public void corruptNextPuts(int n) {
        corruptPutsLeft.set(n);
    }

    /**
     * The next {@code n} presigns of a PUT answer 503, as a gateway does while file-service restarts behind it
     * (downloads are left alone, so the frame renders first).
     */
    public void unavailableForNextPutPresigns(int n) {
        unavailablePutPresignsLeft.set(n);
    }

    /** What {@code GET /api/tiers} answers from now on; {@link #FARM_TIERS} again to undo. */
    public void tiers(List<Map<String, Object>> tiers) {
        this.tiers = List.copyOf(tiers);
    }

    /** {@code GET /api/tiers} answered 200 so far. */
    public int tierReads() {
        return tierReads.get();
    }

    /** As task-service: any authenticated caller reads the tiers. */
    private void tiers(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")
                    || !validTokens.contains(authorization.substring("Bearer ".length()))) {
                json(exchange, 401, Map.of("status", 401, "title", "Unauthorized"));
                return;
            }
            tierReads.incrementAndGet();
            json(exchange, 200, tiers);
        }
    }

    /** OAuth2 client credentials, form-encoded, as platform's ServiceCredentials sends them. */
    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> fields = new java.util.HashMap<>();
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"client_credentials".equals(fields.get("grant_type"))
                    || !AGENT_ID.equals(fields.get("client_id"))
                    || !AGENT_SECRET.equals(fields.get("client_secret"))) {
                json(exchange, 401, Map.of("status", 401, "title", "Unauthorized"));
                return;
            }
            String token = "agent-token-" + UUID.randomUUID();
            validTokens.add(token);
            tokensIssued.incrementAndGet();
            json(exchange, 200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", 3600));
        }
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
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")
                    || !validTokens.contains(authorization.substring("Bearer ".length()))) {
                refusals.add("401 " + method + " " + key);
                json(exchange, 401, Map.of("status", 401, "title", "Unauthorized"));
                return;
            }
            if ("PUT".equals(method) && unavailablePutPresignsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                json(exchange, 503, Map.of("status", 503, "title", "Service Unavailable"));
                return;
            }
            JobGrant grant = grants.get(request.path("grant").asText(""));
            // As file-service: an asset by content when the grant's owner uploaded it (here, whatever was put).
            boolean ownersAsset = grant != null && grant.assetToRead(method, key).isPresent() && objects.containsKey(key);
            if (grant == null || !grant.allows(method, key) && !ownersAsset) {
                refusals.add("404 " + method + " " + key);
                json(exchange, 404, Map.of("status", 404, "title", "Not found"));
                return;
            }
            String url = url() + "/blob/" + key + "?method=" + URLEncoder.encode(method, StandardCharsets.UTF_8);
            if ("PUT".equals(method)) {
                // As file-service: an upload URL is bound to the exact size and SHA-256, and used once.
                long size = request.path("size").asLong(-1);
                String sha256 = request.path("sha256").asText("");
                List<Map<String, String>> errors = new ArrayList<>();
                if (!request.path("size").isIntegralNumber() || size < 0) {
                    errors.add(Map.of("field", "size", "message", "is required for PUT"));
                }
                if (!sha256.matches("[0-9a-f]{64}")) {
                    errors.add(Map.of("field", "sha256", "message", "is required for PUT"));
                }
                if (!errors.isEmpty()) {
                    refusals.add("422 " + method + " " + key);
                    json(exchange, 422, Map.of("status", 422, "title", "Invalid request", "errors", errors));
                    return;
                }
                String upload = UUID.randomUUID().toString();
                uploads.put(upload, new Upload(key, size, sha256));
                url += "&upload=" + upload;
            }
            json(exchange, 200, Map.of("url", url, "method", method, "expiresAt", "2099-01-01T00:00:00Z"));
        }
    }

    private void blob(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring("/blob/".length()),
                    StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getQuery();
            String signedFor = query == null ? null : query.replaceFirst("&upload=.*$", "");
            if (signedFor == null || !signedFor.equals("method=" + exchange.getRequestMethod())) {
                json(exchange, 403, Map.of("title", "URL not signed for " + exchange.getRequestMethod()));
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    gets.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
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
                    String uploadId = query.replaceFirst("^.*&upload=", "");
                    Upload upload = uploads.get(uploadId);
                    if (upload == null || !upload.key().equals(key)) {
                        json(exchange, 403, Map.of("title", "Not an upload URL of " + key));
                        return;
                    }
                    String length = exchange.getRequestHeaders().getFirst("Content-Length");
                    if (length == null || Long.parseLong(length) != upload.size()) {
                        json(exchange, 422, problem(422, "Content-Length is " + length + ", not " + upload.size()));
                        return;
                    }
                    byte[] confirmedBytes = confirmed.get(key);
                    if (confirmedBytes != null) {
                        ContentDigest.Digests held = digestOf(confirmedBytes);
                        exchange.getResponseHeaders().set("Repr-Digest", "sha-256=:" + Base64.getEncoder()
                                .encodeToString(HexFormat.of().parseHex(held.sha256())) + ":");
                        json(exchange, 409, problem(409, key + " is a confirmed result and cannot be replaced"));
                        return;
                    }
                    if (!spent.add(uploadId)) {
                        json(exchange, 409, problem(409, "this upload URL was used already"));
                        return;
                    }
                    byte[] received = exchange.getRequestBody().readAllBytes();
                    ContentDigest.Digests d = digestOf(received);
                    if (d.size() != upload.size() || !d.sha256().equals(upload.sha256())) {
                        spent.remove(uploadId);
                        json(exchange, 422, problem(422, "the body is not the content the URL was issued for"));
                        return;
                    }
                    objects.put(key, received);
                    String sha256 = corruptPutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                            ? "0".repeat(64) : d.sha256();
                    json(exchange, 200, Map.of("key", key, "size", d.size(), "sha256", sha256, "xxh64", d.xxh64(),
                            "md5", d.md5()));
                }
                default -> exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    private static ContentDigest.Digests digestOf(byte[] bytes) {
        ContentDigest digest = new ContentDigest();
        digest.update(bytes, 0, bytes.length);
        return digest.finish();
    }

    private static Map<String, Object> problem(int status, String detail) {
        return Map.of("status", status, "title", "Refused", "detail", detail);
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
