package cloud.yuntu.gateway.push;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Who may reach the gateway's WebSocket from a browser. */
@ConfigMapping(prefix = "yuntu.gateway")
public interface EdgeConfig {

    /**
     * Origins (e.g. {@code https://console.example.com}, comma-separated) of pages besides the
     * gateway's own that may open {@code /ws}. Default: none, only the console the gateway serves.
     */
    Optional<List<String>> allowedOrigins();
}
