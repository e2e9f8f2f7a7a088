package cloud.yuntu.gateway.limit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much one caller, or one client address, may ask of the gateway. */
@ConfigMapping(prefix = "yuntu.gateway.limits")
public interface LimitsConfig {

    /** Sustained requests per second of one caller (token subject) to the proxied {@code /api}. */
    @WithDefault("20")
    double requestsPerSecond();

    /** Requests one caller may send at once after a pause (the token bucket's size). */
    @WithDefault("40")
    int burst();

    /**
     * Sustained content uploads per second of one caller ({@code PUT /api/assets/{sha256}}, upload
     * parts), counted apart from {@link #requestsPerSecond()}: a project's files are many small
     * uploads at once, each of them hashed and size-limited by file-service.
     */
    @WithDefault("200")
    double transfersPerSecond();

    /** Content uploads one caller may send at once. */
    @WithDefault("400")
    int transferBurst();

    /**
     * Sustained {@code POST /api/auth/token} requests per minute of one client address: passwords
     * are guessed there, before any token exists to count by (task-service slows down failures per
     * account as well).
     */
    @WithDefault("30")
    double tokenRequestsPerMinute();

    /** Token requests one client address may send at once. */
    @WithDefault("10")
    int tokenBurst();

    /**
     * Open WebSocket connections of one user on this replica (one per console tab); a further one
     * closes the user's oldest.
     */
    @WithDefault("5")
    int websocketConnectionsPerUser();

    /**
     * Callers and addresses whose buckets are remembered; beyond it full buckets, then the least
     * recently used ones, are forgotten. Bounds memory whatever arrives.
     */
    @WithDefault("100000")
    int trackedClients();
}
