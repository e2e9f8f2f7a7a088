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
     * Time without a byte in either direction before the call is given up (504 when nothing was
     * answered yet). An inactivity limit, not a total one, so a long upload that keeps moving lives.
     */
    @WithDefault("120s")
    Duration idleTimeout();

    /** Pooled HTTP/1.1 connections per service. */
    @WithDefault("64")
    int maxConnectionsPerBackend();
}
