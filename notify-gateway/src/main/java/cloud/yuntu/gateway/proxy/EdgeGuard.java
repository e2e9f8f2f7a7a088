package cloud.yuntu.gateway.proxy;

import cloud.yuntu.gateway.limit.RequestLimits;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.TokenCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The checks a proxied request passes before any service sees it: a valid bearer token (401
 * otherwise) and the caller's rate (429; content uploads their own transfer rate), or for the token
 * endpoint the client address' rate.
 * The services verify the token again; this keeps anonymous and abusive traffic off them.
 */
@ApplicationScoped
public class EdgeGuard {

    private final Vertx vertx;
    private final TokenCheck tokens;
    private final RequestLimits limits;

    EdgeGuard(Vertx vertx, TokenCheck tokens, RequestLimits limits) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.limits = limits;
    }

    /**
     * Completes when the request may go on to its service; fails with a
     * {@link cloud.yuntu.platform.problem.ProblemException} (401 or 429) when it may not.
     *
     * @param path the normalised path
     */
    Future<Void> admit(HttpServerRequest request, String path) {
        return switch (Admission.of(request.method(), path)) {
            case PRESIGNED -> Future.succeededFuture();
            case TOKEN_ENDPOINT -> attempt(() -> limits.admitTokenRequest(clientAddress(request)));
            case BEARER_TOKEN -> caller(request).compose(caller -> attempt(() -> limits.admitCaller(caller.id())));
            case CONTENT_TRANSFER -> caller(request).compose(caller -> attempt(() -> limits.admitTransfer(caller.id())));
        };
    }

    private Future<Caller> caller(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        // Verifying may fetch an identity provider's keys (JWKS) over the network: not on the event
        // loop. Unordered: one slow check must not hold up the others.
        return vertx.executeBlocking(() -> tokens.fromHeader(authorization), false);
    }

    private static String clientAddress(HttpServerRequest request) {
        // With quarkus.http.proxy.proxy-address-forwarding this is the address the balancer saw.
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private static Future<Void> attempt(Runnable check) {
        try {
            check.run();
            return Future.succeededFuture();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
