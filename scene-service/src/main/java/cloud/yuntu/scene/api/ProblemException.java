package cloud.yuntu.scene.api;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.scene.parse.SceneParseException;
import java.net.URI;
import java.util.List;

/** A failure the caller caused or must know about, answered as {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors, Long offset) {
        super(detail);
        this.problem = new Problem(URI.create("https://yuntu.cloud/problems/" + slug), title, status, detail, errors, offset);
    }

    public static ProblemException badField(String field, String message) {
        return new ProblemException(400, "invalid-request", "Invalid request", field + ": " + message,
                List.of(new FieldError(field, message)), null);
    }

    /** The named field's scene cannot be parsed: 422 with the byte offset. */
    public static ProblemException unparseable(String field, SceneParseException e) {
        return new ProblemException(422, "scene-" + e.code(), "Scene cannot be analysed", e.getMessage(),
                List.of(new FieldError(field, e.getMessage())), e.offset());
    }

    public static ProblemException unavailable(String field, String detail) {
        return new ProblemException(502, "file-service-unavailable", "Scene could not be fetched", detail,
                List.of(new FieldError(field, detail)), null);
    }

    public Problem problem() {
        return problem;
    }
}
