package cloud.yuntu.gateway.proxy;

import java.net.URI;

/**
 * A service the gateway forwards to.
 *
 * @param name    how problems name it, e.g. {@code task-service}
 * @param baseUri scheme, host, port and an optional path prefix
 */
public record Backend(String name, URI baseUri) {

    /** The absolute URI for a request URI ({@code /path?query}) as the client sent it. */
    public String target(String requestUri) {
        String base = baseUri.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) + requestUri : base + requestUri;
    }
}
