package cloud.yuntu.gateway.proxy;

import cloud.yuntu.platform.http.EarlyAnswer;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.platform.problem.Problems;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Forwards the {@link BackendRoutes} prefixes ({@code /api/tasks}, {@code /api/files}, ...) to their
 * services, once {@link EdgeGuard} let the request in. Bodies are piped in both directions with back-pressure, never buffered whole: a scene upload of several
 * gigabytes passes through in small chunks at the pace the slower side allows.
 */
@ApplicationScoped
public class ReverseProxy {

    /** Before Quarkus REST (10000) so nothing else claims these paths or reads their bodies. */
    static final int ROUTE_ORDER = 1000;

    /** Where Quarkus' HTTP metrics look for a request's templated path (its {@code uri} tag). */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    /**
     * Largest piece a backend's answer is decoded into, as large as the requests' own chunks
     * ({@code quarkus.http.limits.max-chunk-size}): with the client's default of 8 KiB a download was piped
     * to the browser in eight writes and flushes per 64 KiB read from the backend's socket.
     */
    static final int BACKEND_CHUNK = 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);

    private final BackendRoutes routes;
    private final EdgeGuard guard;
    private final ProxyConfig config;
    private final HttpClient client;
    private final Vertx vertx;

    ReverseProxy(Vertx vertx, BackendRoutes routes, EdgeGuard guard, ProxyConfig config) {
        this.vertx = vertx;
        this.routes = routes;
        this.guard = guard;
        this.config = config;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false)
                        .setMaxChunkSize(BACKEND_CHUNK)
                        // Nothing moving either way on an exchange (a service gone quiet mid-answer, a client gone
                        // quiet mid-upload): its connection is closed and the exchange cut. A second later than the
                        // wait for an answer (answerTimer), which answers 504 first when nothing was answered yet.
                        // Idle pooled connections are left to the keep-alive timeout.
                        .setIdleTimeout((int) config.idleTimeout().plusSeconds(1).toMillis())
                        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS),
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
        // Counted in /q/metrics without the ids the path holds.
        Vertx.currentContext().putLocal(URL_PATH_TEMPLATE, MetricsPath.template(path));
        guard.admit(request, path)
                .onSuccess(admitted -> connect(context, backend, path))
                .onFailure(refusal -> refuse(context, refusal));
    }

    private void connect(RoutingContext context, Backend backend, String path) {
        HttpServerRequest request = context.request();
        String query = request.query();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(backend.target(query == null ? path : path + "?" + query))
                .setHeaders(ForwardedHeaders.toBackend(request))
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setFollowRedirects(false);
        client.request(options)
                .onSuccess(outbound -> relay(context, backend, outbound))
                .onFailure(failure -> fail(context, backend, failure));
    }

    private void relay(RoutingContext context, Backend backend, HttpClientRequest outbound) {
        HttpServerRequest request = context.request();
        BackendExchange exchange = new BackendExchange(outbound, Vertx.currentContext());
        outbound.response()
                .onSuccess(response -> respond(context, backend, response, exchange))
                .onFailure(failure -> fail(context, backend, failure));
        // A client gone before the answer frees the backend from working for nobody.
        context.addEndHandler(ended -> {
            if (ended.failed()) {
                exchange.clientGone();
            }
        });
        if (!hasBody(request)) {
            outbound.end();
            answerTimer(outbound);
            return;
        }
        if (!outbound.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            outbound.setChunked(true);
        }
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            context.response().writeContinue();
        }
        request.pipe().endOnFailure(false).to(outbound).onSuccess(sent -> answerTimer(outbound)).onFailure(failure -> {
            // A client that disconnects mid-upload must not leave the backend with a body that looks
            // complete: reset the backend request instead of ending it. A backend that stopped taking
            // the body (it answered early, such as 413 by the announced length, and closed) is left
            // alone: its answer is on the way, and a reset now would beat it to the client.
            if (context.response().closed()) {
                outbound.reset(0, failure);
            }
        });
    }

    /**
     * Once the whole request is with the service, waits at most the idle timeout for its answer to begin, then answers
     * 504. Not from the request's start: an upload that keeps moving may take far longer than that (a scene of several
     * gigabytes), and Vert.x' own request timeout counts only bytes received. An answer already begun (a service that
     * answered before the upload ended) is not timed: resetting a finished exchange would close its connection under
     * whichever request uses it next.
     */
    private void answerTimer(HttpClientRequest outbound) {
        if (!outbound.response().isComplete()) {
            outbound.idleTimeout(config.idleTimeout().toMillis());
        }
    }

    private void respond(RoutingContext context, Backend backend, HttpClientResponse response, BackendExchange exchange) {
        HttpServerResponse out = context.response();
        if (out.closed() || out.ended()) {
            exchange.clientGone();
            return;
        }
        out.setStatusCode(response.statusCode()).setStatusMessage(response.statusMessage());
        HttpServerRequest request = context.request();
        String publicOrigin = request.scheme() + "://" + request.authority();
        out.headers().addAll(ForwardedHeaders.toClient(response.headers(), backend.baseUri(), publicOrigin));
        if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(context.request(), response)) {
            out.setChunked(true);
        }
        // Without a body the request stays paused and so never reads as ended.
        boolean answeredBeforeTheBodyEnded = hasBody(request) && !request.isEnded();
        if (answeredBeforeTheBodyEnded && request.version() != HttpVersion.HTTP_2) {
            // HTTP/1.1 has no other way to stop a client sending: the connection ends with this answer.
            // (An HTTP/2 answer must not carry connection headers; its stream is reset instead.)
            out.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Pipe<Buffer> answer = response.pipe().endOnFailure(false);
        exchange.answering(response, answer);
        answer.to(out)
                .onSuccess(ended -> {
                    if (answeredBeforeTheBodyEnded && !request.isEnded()) {
                        // The service has answered; the rest of the body is for nobody.
                        response.request().reset();
                        EarlyAnswer.stopTheRestOfTheBody(vertx, request);
                    }
                })
                .onFailure(failure -> {
                    LOG.debugf(failure, "Response of %s %s broke off", context.request().method(), context.normalizedPath());
                    out.reset();
                });
    }

    /** The request did not pass the edge (401, 429): answered here, no service saw it. */
    private void refuse(RoutingContext context, Throwable refusal) {
        HttpServerRequest request = context.request();
        ProblemException problem;
        if (refusal instanceof ProblemException known) {
            problem = known;
        } else {
            LOG.errorf(refusal, "Checking %s %s failed", request.method(), context.normalizedPath());
            problem = new ProblemException(500, "internal", "Internal error",
                    "the gateway could not check the request; it may be retried", List.of());
        }
        if (hasBody(request) && !request.isEnded() && request.version() != HttpVersion.HTTP_2) {
            // The body is read and dropped; an HTTP/1.1 client should not reuse a connection it was sending on. A
            // request without a body keeps its connection (a client at its rate limit would otherwise reconnect for
            // every 429), and an HTTP/2 answer must not carry connection headers at all: clients refuse it as
            // malformed (the JDK's client failed every 429 and 401 so).
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        request.resume();
        Problems.end(context.response(), problem);
    }

    private void fail(RoutingContext context, Backend backend, Throwable failure) {
        HttpServerResponse out = context.response();
        if (out.headWritten()) {
            // Part of the backend's answer is already on its way; only a broken connection says so now.
            out.reset();
            return;
        }
        if (!context.request().isEnded()) {
            // What is left of the body is read and dropped. (An HTTP/2 request read to its end refuses a resume, and
            // the exception would leave the client without any answer.)
            context.request().resume();
        }
        ProblemException problem = failure instanceof TimeoutException
                ? new ProblemException(504, "backend-timeout", "Gateway Timeout",
                        backend.name() + " at " + backend.baseUri() + " did not answer in time", List.of())
                : new ProblemException(502, "backend-unavailable", "Bad Gateway",
                        backend.name() + " at " + backend.baseUri() + " could not be reached: " + describe(failure), List.of());
        LOG.warnf("%s %s: %s", context.request().method(), context.normalizedPath(), problem.getMessage());
        Problems.end(out, problem);
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /**
     * Whether a body follows the head. HTTP/1.1 says so by {@code Content-Length} or {@code Transfer-Encoding}; HTTP/2
     * has no {@code Transfer-Encoding}, and a body of unknown length (a streamed upload) comes without any length, so
     * there only GET and HEAD are taken as bodiless: any other request without a length is passed on chunked, which
     * costs an empty chunk when it had none. (Taking them as bodiless dropped such uploads silently.)
     */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !"0".equals(length.trim());
        }
        if (request.version() == HttpVersion.HTTP_2) {
            return request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD;
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean mayHaveBody(HttpServerRequest request, HttpClientResponse response) {
        int status = response.statusCode();
        return request.method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }

    /**
     * One request to a service, to be stopped if its client goes away first. Not by a bare reset: Vert.x' reset of an
     * HTTP/1.1 request whose answer has arrived whole closes the connection that answer came on (eclipse-vertx/vert.x
     * #6294), and the pool has that connection back as soon as the answer is read off it, even while back-pressure
     * from a slow client still holds the answer's last pieces here. Another client's request on it then fails 502
     * "Connection was closed". So what was held is let through first (and dropped, the client is gone); only an answer
     * still arriving after that, which its connection is still carrying, is reset.
     * Everything here runs on the exchange's own context, the one its answer's events arrive on.
     */
    private static final class BackendExchange {

        private final HttpClientRequest request;
        private final Context context;
        /** The answer's way to the client once it began; null before. */
        private Pipe<Buffer> answer;
        /** The whole answer was read, or it failed: its connection is no longer this exchange's. */
        private boolean over;

        BackendExchange(HttpClientRequest request, Context context) {
            this.request = request;
            this.context = context;
        }

        void answering(HttpClientResponse response, Pipe<Buffer> answer) {
            this.answer = answer;
            response.end().onComplete(done -> over = true);
        }

        void clientGone() {
            context.runOnContext(now -> {
                if (over) {
                    return;
                }
                if (answer == null) {
                    // No answer yet: the connection is still this request's, and a reset frees it.
                    request.reset();
                    return;
                }
                // Drops what back-pressure held and reads on; the end, if it had already come, passes here first.
                answer.close();
                context.runOnContext(drained -> {
                    if (!over) {
                        request.reset();
                    }
                });
            });
        }
    }
}
