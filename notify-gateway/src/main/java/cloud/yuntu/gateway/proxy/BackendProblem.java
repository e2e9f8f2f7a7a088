package cloud.yuntu.gateway.proxy;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details for a call the gateway could not complete.
 *
 * @param backend the service at fault, e.g. {@code task-service}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackendProblem(String type, String title, int status, String detail, String instance, String backend) {

    static final String MEDIA_TYPE = "application/problem+json";

    static BackendProblem unreachable(Backend backend, String path, Throwable cause) {
        return new BackendProblem("https://yuntu.cloud/problems/backend-unavailable", "Bad Gateway", 502,
                backend.name() + " at " + backend.baseUri() + " could not be reached: " + describe(cause),
                path, backend.name());
    }

    static BackendProblem timedOut(Backend backend, String path) {
        return new BackendProblem("https://yuntu.cloud/problems/backend-timeout", "Gateway Timeout", 504,
                backend.name() + " at " + backend.baseUri() + " did not answer in time", path, backend.name());
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
