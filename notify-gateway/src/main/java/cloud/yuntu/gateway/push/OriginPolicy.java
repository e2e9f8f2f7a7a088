package cloud.yuntu.gateway.push;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open {@code /ws}. A browser sends its page's {@code Origin} with every
 * WebSocket handshake and applies no same-origin rule of its own to WebSockets, so without this
 * check any site a signed-in user visits could open the feed with a token it got hold of.
 * Allowed: the gateway's own origin (the console), the configured origins, and handshakes without
 * an {@code Origin} (not a browser: scripts and services, which hold their token themselves).
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    /** @param allowed origins as browsers write them, e.g. {@code https://console.example.com} */
    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream()
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .map(origin -> normalise(origin).orElseThrow(() -> new IllegalArgumentException(
                        "not an origin (scheme://host[:port]): " + origin)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origin the handshake's {@code Origin} header, null when absent
     * @param host   the handshake's {@code Host} header: the authority the client connected to
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        Optional<String> normalised = normalise(origin);
        if (normalised.isEmpty()) {
            // "null" (a sandboxed or file: page) or garbage: no page we know.
            return false;
        }
        return allowed.contains(normalised.get()) || sameOrigin(normalised.get(), host);
    }

    /** The page was served by this gateway: its origin names the host and port the client connected to. */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI page = URI.create(origin);
        int defaultPort = defaultPort(page.getScheme());
        Optional<URI> connected = parse(page.getScheme() + "://" + host.strip());
        return connected.isPresent()
                && page.getHost().equalsIgnoreCase(connected.get().getHost())
                && port(page, defaultPort) == port(connected.get(), defaultPort);
    }

    /** {@code scheme://host[:port]} in lower case without a default port, or empty if it is not an origin. */
    static Optional<String> normalise(String origin) {
        return parse(origin.strip())
                .filter(uri -> (uri.getPath() == null || uri.getPath().isEmpty() || "/".equals(uri.getPath()))
                        && uri.getQuery() == null && uri.getUserInfo() == null)
                .map(uri -> {
                    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                    int port = port(uri, defaultPort(scheme));
                    String host = uri.getHost().toLowerCase(Locale.ROOT);
                    return port == defaultPort(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
                });
    }

    private static Optional<URI> parse(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri, int defaultPort) {
        return uri.getPort() == -1 ? defaultPort : uri.getPort();
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
