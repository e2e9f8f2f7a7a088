package cloud.yuntu.gateway.admin;

import cloud.yuntu.gateway.limit.RequestLimits;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.TokenCheck;
import cloud.yuntu.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The checks of the gateway's own operator endpoints, in the order the proxied API applies them: a
 * valid bearer token (401), the caller's request rate (429, the same bucket as their proxied calls),
 * then the {@code admin} role (403). Called on a worker thread: verifying may fetch a provider's keys.
 */
@ApplicationScoped
class AdminGate {

    private final TokenCheck tokens;
    private final RequestLimits limits;

    AdminGate(TokenCheck tokens, RequestLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    /**
     * @param authorization the {@code Authorization} header as sent, may be null
     * @return the operator
     * @throws ProblemException 401, 429 or 403
     */
    Caller admit(String authorization) {
        Caller caller = tokens.fromHeader(authorization);
        limits.admitCaller(caller.id());
        if (!caller.isAdmin()) {
            throw ProblemException.forbidden("only operators (groups: admin) may use /api/admin");
        }
        return caller;
    }
}
