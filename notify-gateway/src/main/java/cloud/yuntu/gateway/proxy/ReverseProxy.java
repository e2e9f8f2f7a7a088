package cloud.yuntu.gateway.proxy;

import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Forwards {@code /api/tasks}, {@code /api/files} and {@code /api/scenes} to their services.
 * Bodies are piped in both directions with back-pressure, never buffered whole: a scene upload of
 * several gigabytes passes through in small chunks at the pace the slower side allows.
 */
@ApplicationScoped
public class ReverseProxy {

    /** Before Quarkus REST (10000) so nothing else claims these paths or reads their bodies. */
    static final int ROUTE_ORDER = 1000;

    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);

    private final BackendRoutes routes;
    private final ProxyConfig config;
    private final HttpClient client;

    ReverseProxy(Vertx vertx, BackendRoutes routes, ProxyConfig config) {
        this.routes = routes;
        this.config = config;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerBackend()));
    }

    void install(@Observes Router router) {
        router.routeWithRegex(routes.pathPattern()).order(ROUTE_ORDER).handler(this::forward);
    }

    void close(@Observes ShutdownEvent shutdown) {
        client.close();
    }

    private void forward(RoutingContext context) {
        HttpServerRequest request = context.request();
        // Hold the body until the backend connection is there to take it.
        request.pause();
        // The normalised path: dot segments must not lead a request out of its prefix.
        String path = context.normalizedPath();
        Backend backend = routes.forPath(path).orElseThrow();
        String query = request.query();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(backend.target(query == null ? path : path + "?" + query))
                .setHeaders(ForwardedHeaders.toBackend(request))
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.idleTimeout().toMillis())
                .setFollowRedirects(false);
        client.request(options)
                .onSuccess(outbound -> relay(context, backend, outbound))
                .onFailure(failure -> fail(context, backend, failure));
    }

    private void relay(RoutingContext context, Backend backend, HttpClientRequest outbound) {
        HttpServerRequest request = context.request();
        outbound.response()
                .onSuccess(response -> respond(context, response))
                .onFailure(failure -> fail(context, backend, failure));
        // A client gone before the answer frees the backend from working for nobody.
        context.addEndHandler(ended -> {
            if (ended.failed()) {
                outbound.reset();
            }
        });
        if (!hasBody(request)) {
            outbound.end();
            return;
        }
        if (!outbound.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            outbound.setChunked(true);
        }
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            context.response().writeContinue();
        }
        // A client that disconnects mid-upload must not leave the backend with a body that looks
        // complete: reset the backend request instead of ending it.
        request.pipe().endOnFailure(false).to(outbound)
                .onFailure(failure -> outbound.reset(0, failure));
    }

    private void respond(RoutingContext context, HttpClientResponse response) {
        HttpServerResponse out = context.response();
        if (out.closed() || out.ended()) {
            response.request().reset();
            return;
        }
        out.setStatusCode(response.statusCode()).setStatusMessage(response.statusMessage());
        out.headers().addAll(ForwardedHeaders.toClient(response.headers()));
        if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(context.request(), response)) {
            out.setChunked(true);
        }
        response.pipe().endOnFailure(false).to(out).onFailure(failure -> {
            LOG.debugf(failure, "Response of %s %s broke off", context.request().method(), context.normalizedPath());
            out.reset();
        });
    }

    private void fail(RoutingContext context, Backend backend, Throwable failure) {
        HttpServerResponse out = context.response();
        if (out.headWritten()) {
            // Part of the backend's answer is already on its way; only a broken connection says so now.
            out.reset();
            return;
        }
        context.request().resume();
        BackendProblem problem = failure instanceof TimeoutException
                ? BackendProblem.timedOut(backend, context.normalizedPath())
                : BackendProblem.unreachable(backend, context.normalizedPath(), failure);
        LOG.warnf("%s %s: %s", context.request().method(), context.normalizedPath(), problem.detail());
        out.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, BackendProblem.MEDIA_TYPE)
                .end(json(problem));
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !"0".equals(length.trim()) : request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean mayHaveBody(HttpServerRequest request, HttpClientResponse response) {
        int status = response.statusCode();
        return request.method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }

    private static String json(BackendProblem problem) {
        try {
            return FarmJson.mapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
