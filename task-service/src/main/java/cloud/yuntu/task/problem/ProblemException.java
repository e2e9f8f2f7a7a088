package cloud.yuntu.task.problem;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/** A failure the caller caused or must know about, answered as {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.problem = new Problem(URI.create("https://yuntu.cloud/problems/" + slug), title, status, detail, errors);
    }

    /** The request is well-formed JSON but a field's value cannot be accepted. */
    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return new ProblemException(422, "invalid-task", "Invalid task", detail, List.copyOf(errors));
    }

    public static ProblemException invalidField(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what, List.of());
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail, List.of());
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "dependency-unavailable", "Service unavailable", detail, List.of());
    }

    public Problem problem() {
        return problem;
    }
}
