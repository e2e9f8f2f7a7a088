package cloud.yuntu.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The headers that cross the proxy. Hop-by-hop headers (RFC 9110 section 7.6.1) describe one
 * connection, not the message, so they stop here in both directions, together with any header
 * the {@code Connection} header names. Headers of our own {@code X-Yuntu-} family never come
 * from a client: a forged {@code X-Yuntu-User} must not reach a service that might still read it.
 */
final class ForwardedHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    /** Our own header family, lower case: set by the farm, never by a client. */
    static final String OWN_PREFIX = "x-yuntu-";

    private ForwardedHeaders() {
    }

    /**
     * The client's headers for the backend, plus X-Forwarded-For/-Proto/-Host. {@code Host} is the
     * backend's (the HTTP client sets it); {@code Expect} is answered by the gateway itself;
     * {@code Authorization} passes unchanged (every service verifies the token again); every
     * {@code X-Yuntu-*} header is dropped.
     */
    static MultiMap toBackend(HttpServerRequest request) {
        MultiMap headers = endToEnd(request.headers());
        headers.names().stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(OWN_PREFIX))
                .toList()
                .forEach(headers::remove);
        headers.remove(HttpHeaders.HOST);
        headers.remove(HttpHeaders.EXPECT);
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwardedFor = request.getHeader("X-Forwarded-For");
        headers.set("X-Forwarded-For", forwardedFor == null || forwardedFor.isBlank() ? client : forwardedFor + ", " + client);
        headers.set("X-Forwarded-Proto", request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        return headers;
    }

    /**
     * The backend's response headers for the client. A service builds an absolute {@code Location}
     * (201 Created, redirects) from the address the gateway reached it at, which the client cannot
     * reach and should not learn; such a header is pointed at the gateway's own origin, the one the
     * client used. A {@code Location} elsewhere (a presigned storage URL) passes unchanged.
     *
     * @param backend the service's base URI
     * @param publicOrigin {@code scheme://authority} the client reached the gateway at
     */
    static MultiMap toClient(MultiMap backendHeaders, URI backend, String publicOrigin) {
        MultiMap headers = endToEnd(backendHeaders);
        for (String name : List.of("Location", "Content-Location")) {
            String value = headers.get(name);
            if (value != null) {
                headers.set(name, atGateway(value, backend, publicOrigin));
            }
        }
        return headers;
    }

    static String atGateway(String location, URI backend, String publicOrigin) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return location;
        }
        if (!uri.isAbsolute() || !sameOrigin(uri, backend)) {
            return location;
        }
        String rest = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            rest += "?" + uri.getRawQuery();
        }
        if (uri.getRawFragment() != null) {
            rest += "#" + uri.getRawFragment();
        }
        return publicOrigin + rest;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static MultiMap endToEnd(MultiMap source) {
        Set<String> named = source.getAll(HttpHeaders.CONNECTION).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(token -> token.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        source.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !named.contains(name)) {
                copy.add(header.getKey(), header.getValue());
            }
        });
        return copy;
    }
}
