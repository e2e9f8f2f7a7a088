package cloud.yuntu.file.problem;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.net.URI;
import java.util.List;

/** A failure the caller caused or must know about, answered as {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.problem = new Problem(URI.create("https://yuntu.cloud/problems/" + slug), title, status, detail, errors);
    }

    public static ProblemException badField(String field, String message) {
        return new ProblemException(400, "invalid-request", "Invalid request", field + ": " + message,
                List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what, List.of());
    }

    public static ProblemException forbidden(String why) {
        return new ProblemException(403, "presigned-url-rejected", "Presigned URL rejected", why, List.of());
    }

    public static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "too-large", "Payload too large",
                "the body exceeds the limit of " + limit + " bytes", List.of());
    }

    public Problem problem() {
        return problem;
    }
}
