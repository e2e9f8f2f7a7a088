package cloud.yuntu.platform.problem;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;

/**
 * Writes a problem as the HTTP answer, for JAX-RS resources ({@link #response}) and for the plain
 * Vert.x routes that stream bodies themselves ({@link #end}); both write the same bytes.
 */
public final class Problems {

    private Problems() {
    }

    public static Response response(ProblemException e) {
        Response.ResponseBuilder answer = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        e.retryAfter().ifPresent(after -> answer.header("Retry-After", Math.max(1, after.toSeconds())));
        if (e.status() == 401) {
            answer.header("WWW-Authenticate", "Bearer");
        }
        return answer.build();
    }

    public static Response response(Problem problem) {
        return response(new ProblemException(problem));
    }

    /** Ends a Vert.x response with the problem, unless the answer already started. */
    public static void end(HttpServerResponse response, ProblemException e) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        e.retryAfter().ifPresent(after -> response.putHeader("Retry-After", Long.toString(Math.max(1, after.toSeconds()))));
        if (e.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(json(e.problem()));
    }

    public static String json(Problem problem) {
        try {
            return FarmJson.mapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
