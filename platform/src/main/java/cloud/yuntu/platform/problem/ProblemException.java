package cloud.yuntu.platform.problem;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A failure the caller caused or must know about, answered as RFC 7807 {@link Problem}. One
 * status for one kind of failure across every service: input that cannot be accepted is 422
 * naming the field, a resource the caller may not see is 404 exactly like a missing one, a
 * missing or bad token is 401, an exhausted quota or rate is 429 with {@code Retry-After}, a service
 * at its capacity 503 with {@code Retry-After}.
 */
public class ProblemException extends RuntimeException {

    static final String TYPE_BASE = "https://yuntu.cloud/problems/";

    private final transient Problem problem;
    private final transient Duration retryAfter;

    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
        this(new Problem(URI.create(TYPE_BASE + slug), title, status, detail, List.copyOf(errors)), null);
    }

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    private ProblemException(Problem problem, Duration retryAfter) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    /** Well-formed input of which one or more fields cannot be accepted: 422, every field named. */
    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return new ProblemException(422, "invalid-request", "Invalid request", detail, errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** Input that is not even well-formed (a JSON syntax error): 400, with the field when known. */
    public static ProblemException unreadable(String field, String message) {
        return new ProblemException(400, "unreadable-request", "Unreadable request", field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    /** Missing, or not the caller's: the two answer alike so that nobody learns what others own. */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what, List.of());
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail, List.of());
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, List.of());
    }

    public static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "too-large", "Payload too large",
                "the body exceeds the limit of " + limit + " bytes", List.of());
    }

    public static ProblemException unsupportedMediaType(String field, String message) {
        return new ProblemException(415, "unsupported-media-type", "Unsupported media type", field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    /** A quota or rate limit of the caller is exhausted; {@code retryAfter} says when to try again. */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(new Problem(URI.create(TYPE_BASE + "too-many-requests"), "Too many requests", 429,
                detail, List.of()), retryAfter);
    }

    /** A quota exhausted by the request itself (a field asks for more than the caller may have). */
    public static ProblemException quotaExceeded(String field, String message) {
        return new ProblemException(429, "quota-exceeded", "Quota exceeded", field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "dependency-unavailable", "Service unavailable", detail, List.of());
    }

    /** The service itself is at its capacity for this kind of work; {@code retryAfter} says when a slot may be free. */
    public static ProblemException busy(String slug, String detail, Duration retryAfter) {
        return new ProblemException(new Problem(URI.create(TYPE_BASE + slug), "Service busy", 503, detail, List.of()),
                retryAfter);
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
