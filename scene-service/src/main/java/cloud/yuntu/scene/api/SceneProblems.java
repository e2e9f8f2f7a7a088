package cloud.yuntu.scene.api;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.scene.parse.SceneParseException;
import java.net.URI;
import java.util.List;

/** The problems only scene analysis has; everything else is platform's {@link ProblemException}. */
final class SceneProblems {

    private SceneProblems() {
    }

    /** The named field's scene cannot be parsed: 422, {@code type} names the parse error, {@code offset} the byte. */
    static ProblemException unparseable(String field, SceneParseException e) {
        return new ProblemException(new Problem(URI.create("https://yuntu.cloud/problems/scene-" + e.code()),
                "Scene cannot be analysed", 422, e.getMessage(), List.of(new FieldError(field, e.getMessage())),
                e.offset()));
    }

    /** No scene under the key that the caller may read: 404 naming {@code key}, the same whether missing or another user's. */
    static ProblemException noScene(String key) {
        String message = "no scene " + key + " of yours";
        return new ProblemException(404, "not-found", "Not found", "key: " + message,
                List.of(new FieldError("key", message)));
    }
}
