package cloud.yuntu.gateway.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;

/** Where the proxied services live: base URIs, the request path is appended unchanged. */
@ConfigMapping(prefix = "yuntu.gateway.routes")
public interface RoutesConfig {

    /** task-service: receives {@code /api/tasks/**}, {@code /api/auth/**}, {@code /api/accounts/**},
     * {@code /api/tiers/**} and {@code /api/agents/**}. */
    @WithDefault("http://localhost:8081")
    URI tasks();

    /** file-service: receives {@code /api/files/**} and {@code /api/assets/**}. */
    @WithDefault("http://localhost:8082")
    URI files();

    /** scene-service: receives {@code /api/scenes/**}. */
    @WithDefault("http://localhost:8083")
    URI scenes();
}
