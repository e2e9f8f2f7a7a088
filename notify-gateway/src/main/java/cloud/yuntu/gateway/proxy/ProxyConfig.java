package cloud.yuntu.gateway.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway talks to the services behind it. */
@ConfigMapping(prefix = "yuntu.gateway.proxy")
public interface ProxyConfig {

    /** Time to open a connection to a service before the call fails with 502. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * How long the gateway waits for a service's answer to begin once the whole request is with it (504 then), and
     * how long an exchange may go without a byte in either direction before it is cut (a second more: the answer
     * stops, or the upload is given up). An inactivity limit, not a total one: a long upload or download that keeps
     * moving lives.
     */
    @WithDefault("120s")
    Duration idleTimeout();

    /** Pooled HTTP/1.1 connections per service. */
    @WithDefault("64")
    int maxConnectionsPerBackend();
}
