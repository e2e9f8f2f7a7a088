package cloud.yuntu.deploy.local;

import cloud.yuntu.deploy.secrets.FarmSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens of a running farm for scripts and tests ({@code ./yuntu token USER [--admin]}): signs in
 * as the bootstrap admin at the gateway, makes sure the account exists with the asked role
 * ({@code PUT /api/accounts/USER}) and has task-service issue a token for it
 * ({@code POST /api/accounts/USER/token}). Only the JDK's HTTP client, so the command needs no
 * build beyond the launcher's classes.
 */
public final class FarmTokens {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** The token answer's field; a JWT is three base64url parts, so no JSON escaping can occur in it. */
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([A-Za-z0-9._~+/=-]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI gateway;
    private final String adminUser;
    private final String adminPassword;
    private String adminToken;
    private long adminTokenRenewAt;

    public FarmTokens(URI gateway, String adminUser, String adminPassword) {
        this.gateway = gateway;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** A token of {@code username}, whose account is created (or given the role) first. */
    public String forUser(String username, boolean admin) {
        if (username.equals(adminUser) && !admin) {
            // Asking for the bootstrap admin's token without --admin must not demote it.
            throw new IllegalArgumentException(adminUser + " is the farm's admin account: ask with --admin");
        }
        String path = "/api/accounts/" + URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> put = send(HttpRequest.newBuilder(gateway.resolve(path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"admin\":" + admin + "}")));
        expect(put, "PUT " + path, 200, 201);
        HttpResponse<String> token = send(HttpRequest.newBuilder(gateway.resolve(path + "/token"))
                .header("Authorization", "Bearer " + adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(token, "POST " + path + "/token", 200);
        return accessToken(token.body());
    }

    public String user(String username) {
        return forUser(username, false);
    }

    public String admin(String username) {
        return forUser(username, true);
    }

    /** The bootstrap admin's own token, from {@code POST /api/auth/token}, kept until shortly before it expires. */
    public synchronized String adminToken() {
        if (adminToken == null || System.nanoTime() - adminTokenRenewAt >= 0) {
            String body = "{\"username\":\"" + json(adminUser) + "\",\"password\":\"" + json(adminPassword) + "\"}";
            HttpResponse<String> response = send(HttpRequest.newBuilder(gateway.resolve("/api/auth/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            expect(response, "sign-in of " + adminUser, 200);
            adminToken = accessToken(response.body());
            Matcher expires = EXPIRES_IN.matcher(response.body());
            long lifetime = expires.find() ? Long.parseLong(expires.group(1)) : 300;
            adminTokenRenewAt = System.nanoTime() + Duration.ofSeconds(Math.max(0, lifetime - 60)).toNanos();
        }
        return adminToken;
    }

    static String accessToken(String body) {
        Matcher m = ACCESS_TOKEN.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("The farm answered without an access_token");
        }
        return m.group(1);
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("No farm answers at " + gateway + " (" + e + "); is it running (./yuntu run)?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Fails with the farm's problem+json (never a token: answers that carry one are only read on success). */
    private static void expect(HttpResponse<String> response, String what, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
    }

    /**
     * {@code FarmTokens DATA_DIR USER [--admin] [--url GATEWAY]}: prints a token of USER (and only
     * the token, so {@code $(./yuntu token alice)} works), made with the bootstrap admin's password
     * from {@code DATA_DIR/secrets}.
     */
    public static void main(String[] args) {
        Path dataDir = null;
        String user = null;
        boolean admin = false;
        URI gateway = URI.create("http://127.0.0.1:" + FarmService.GATEWAY.defaultPort());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--admin" -> admin = true;
                case "--url" -> gateway = URI.create(args[++i]);
                default -> {
                    if (dataDir == null) {
                        dataDir = Path.of(args[i]);
                    } else if (user == null) {
                        user = args[i];
                    } else {
                        usage();
                    }
                }
            }
        }
        if (dataDir == null || user == null) {
            usage();
        }
        try {
            String password = FarmSecrets.adminPasswordIn(dataDir.resolve(LocalFarm.SECRETS));
            System.out.println(new FarmTokens(gateway, FarmSecrets.ADMIN, password).forUser(user, admin));
        } catch (RuntimeException e) {
            System.err.println("yuntu token: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: yuntu token USER [--admin] [--url GATEWAY_URL]");
        System.exit(2);
    }
}
