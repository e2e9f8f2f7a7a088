package cloud.yuntu.file.upload;

import cloud.yuntu.contracts.problem.Problem;
import cloud.yuntu.file.storage.ObjectIngest;
import cloud.yuntu.platform.http.EarlyAnswer;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.platform.problem.Problems;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose declared Content-Length exceeds the object size limit before any of
 * its body is read or spooled, as a problem document rather than Vert.x' bare 413. Chunked
 * bodies without a length are stopped by the store once they pass the limit.
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** Ahead of Quarkus' own body handling. */
    private static final int ORDER = -100;

    void install(@Observes Router router, ObjectIngest ingest, Vertx vertx) {
        long limit = ingest.maxObjectSize();
        // Multipart framing adds a little to the object itself; allow for it. Raw bodies are the object.
        long multipartLimit = limit + 64 * 1024;
        String tooLarge = Problems.json(ProblemException.tooLarge(limit).problem());
        router.route().order(ORDER).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, isMultipart(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
                    ? multipartLimit : limit)) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(tooLarge)
                        // The announced body is never kept; the client is stopped from sending it.
                        .onComplete(done -> EarlyAnswer.stopTheRestOfTheBody(vertx, ctx.request()));
                return;
            }
            ctx.next();
        });
    }

    private static boolean isMultipart(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            // Vert.x rejects a malformed Content-Length itself.
            return false;
        }
    }
}
