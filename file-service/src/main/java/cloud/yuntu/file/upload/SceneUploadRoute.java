package cloud.yuntu.file.upload;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.KeyLayout;
import cloud.yuntu.file.storage.ObjectInfo;
import cloud.yuntu.file.storage.ObjectIngest;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.TokenCheck;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.platform.problem.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/files/scenes}, multipart: stores the part named {@code file} under
 * {@code scenes/YYYYMMDD/<sceneId>/<filename>} with a new scene id, owned by the caller. The
 * client chooses no id (a field {@code taskId} is refused): had it been able to, it could have
 * replaced another user's scene. The bearer token is checked before a byte of the body is read,
 * here rather than by JAX-RS security, which does not guard plain routes.
 *
 * <p>Served by a plain Vert.x route because the part must be spooled with backpressure: the
 * request is paused whenever the spool file's write queue is full, so a scene larger than the
 * heap arrives at disk speed instead of piling up in memory (the framework's form handling
 * buffered it and ran out of heap under load). The spooled part is then hashed
 * into the store on a worker thread and the spool file removed, whatever the outcome.
 */
@ApplicationScoped
public class SceneUploadRoute {

    private static final Logger LOG = Logger.getLogger(SceneUploadRoute.class);
    private static final String PATH = "/api/files/scenes";
    /** Ids are the server's; a client naming one gets 422 on this field. */
    private static final String REFUSED_FIELD = "taskId";
    /** After {@link BodyLimitFilter}, ahead of Quarkus' own body handling. */
    private static final int ORDER = -90;
    private static final String SPOOL_SUFFIX = ".part";
    /** Most of a refused request's body read past before the connection is cut instead. */
    private static final long REFUSED_BODY_DRAIN_LIMIT = 1024 * 1024;
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final ObjectIngest ingest;
    private final TokenCheck tokens;
    private final Clock clock;
    private final ObjectMapper json;
    private final Path spool;

    SceneUploadRoute(ObjectIngest ingest, TokenCheck tokens, Clock clock, ObjectMapper json, FileConfig config) {
        this.ingest = ingest;
        this.tokens = tokens;
        this.clock = clock;
        this.json = json;
        this.spool = config.uploadSpool();
    }

    void install(@Observes Router router, Vertx vertx) throws IOException {
        Files.createDirectories(spool);
        removeAbandonedSpoolFiles();
        router.post(PATH).order(ORDER).handler(ctx -> new Upload(vertx, ctx).start());
    }

    /** One request's upload: its spool file, its form fields, and the answer. */
    private final class Upload {

        private final Vertx vertx;
        private final RoutingContext ctx;
        private final HttpServerRequest request;
        private final Path spooled = spool.resolve(UUID.randomUUID() + SPOOL_SUFFIX);
        private final Promise<String> filePart = Promise.promise();
        private Caller caller;
        private AsyncFile spoolFile;
        private boolean sawFile;
        private long received;
        private boolean answered;

        Upload(Vertx vertx, RoutingContext ctx) {
            this.vertx = vertx;
            this.ctx = ctx;
            this.request = ctx.request();
        }

        void start() {
            try {
                // Signature and expiry only: no I/O on the event loop once the verification key is loaded.
                caller = tokens.fromHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
            } catch (ProblemException e) {
                refuseUnread(e);
                return;
            }
            if (caller.isAgent()) {
                // Agents own nothing; a scene they uploaded would be nobody's to render.
                refuseUnread(ProblemException.forbidden("render agents do not upload scenes"));
                return;
            }
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
                answer(ProblemException.unsupportedMediaType("Content-Type",
                        "must be multipart/form-data: a scene is uploaded as a form part named 'file'"));
                return;
            }
            request.setExpectMultipart(true);
            request.uploadHandler(this::part);
            request.exceptionHandler(this::aborted);
            request.endHandler(ended -> completed());
            // Routing may have paused the request until a handler claimed its body.
            request.resume();
        }

        private void part(HttpServerFileUpload upload) {
            if (!"file".equals(upload.name()) || sawFile || request.formAttributes().contains(REFUSED_FIELD)) {
                // Other file parts are not ours to keep, nor a scene the request will be refused for; read past them.
                upload.handler(ignored -> { });
                return;
            }
            sawFile = true;
            upload.pause();
            request.pause();
            vertx.fileSystem().open(spooled.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
                    .onFailure(e -> {
                        filePart.tryFail(e);
                        request.resume();
                        upload.handler(ignored -> { });
                        upload.resume();
                    })
                    .onSuccess(file -> {
                        spoolInto(upload, file);
                        request.resume();
                        upload.resume();
                    });
        }

        private void spoolInto(HttpServerFileUpload upload, AsyncFile file) {
            spoolFile = file;
            file.exceptionHandler(filePart::tryFail);
            upload.handler(chunk -> {
                received += chunk.length();
                if (received > ingest.maxObjectSize()) {
                    answer(ProblemException.tooLarge(ingest.maxObjectSize()));
                    request.connection().close();
                    return;
                }
                file.write(chunk);
                if (file.writeQueueFull()) {
                    // The whole point of this route: stop reading the socket until the disk catches up.
                    request.pause();
                    file.drainHandler(drained -> request.resume());
                }
            });
            upload.endHandler(ended -> {
                spoolFile = null;
                file.close()
                        .onSuccess(closed -> filePart.tryComplete(upload.filename()))
                        .onFailure(filePart::tryFail);
            });
        }

        private void completed() {
            if (answered) {
                discard();
                return;
            }
            if (request.formAttributes().contains(REFUSED_FIELD)) {
                answer(ProblemException.invalidField(REFUSED_FIELD,
                        "is not accepted: the server chooses ids (a scene gets its own; tasks refer to it by key)"));
                return;
            }
            if (!sawFile) {
                answer(ProblemException.invalidField("file", "a multipart file part named 'file' is required"));
                return;
            }
            filePart.future()
                    .compose(fileName -> vertx.executeBlocking(() -> store(fileName), false))
                    .onSuccess(this::created)
                    .onFailure(this::failed);
        }

        private ObjectInfo store(String fileName) throws IOException {
            ObjectKey key = KeyLayout.scene(LocalDate.now(clock), UUID.randomUUID(), SceneFileName.sanitize(fileName));
            try (InputStream in = Files.newInputStream(spooled)) {
                return ingest.write(key, in, caller.id());
            }
        }

        private void created(ObjectInfo stored) {
            discard();
            if (answered) {
                return;
            }
            answered = true;
            try {
                ctx.response().setStatusCode(201)
                        .putHeader(HttpHeaders.LOCATION, "/api/files/objects?key="
                                + URLEncoder.encode(stored.key(), StandardCharsets.UTF_8))
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(json.writeValueAsString(new SceneUploaded(stored.key(), stored.size(),
                                stored.sha256(), stored.xxh64(), stored.md5())));
            } catch (IOException e) {
                ctx.fail(e);
            }
        }

        /** The client went away or sent a broken body: nothing to answer, only to clean up. */
        private void aborted(Throwable failure) {
            LOG.warnf("Scene upload aborted after %d bytes: %s", received, failure.getMessage());
            answer(ProblemException.invalidField("file", "the upload was cut off: " + failure.getMessage()));
        }

        private void failed(Throwable failure) {
            if (failure instanceof ProblemException problem) {
                answer(problem);
                return;
            }
            LOG.errorf(failure, "Scene upload to %s failed", spooled);
            answer(new ProblemException(500, "internal", "Internal error",
                    "the upload failed inside file-service; it may be retried", List.of()));
        }

        private void answer(ProblemException problem) {
            discard();
            if (answered || ctx.response().ended()) {
                return;
            }
            answered = true;
            Problems.end(ctx.response(), problem);
        }

        /**
         * Answers before the body was read. A small unread body is read past and dropped, so that a
         * client that sends its whole request before reading the answer (most do, unless they use
         * {@code Expect: 100-continue}) gets to read it instead of a broken pipe; a larger one is
         * cut off by closing the connection, so a refused caller cannot make us take in gigabytes.
         */
        private void refuseUnread(ProblemException problem) {
            answered = true;
            if (!request.isEnded()) {
                long[] dropped = {0};
                request.handler(chunk -> {
                    dropped[0] += chunk.length();
                    if (dropped[0] > REFUSED_BODY_DRAIN_LIMIT) {
                        request.connection().close();
                    }
                });
                request.exceptionHandler(ignored -> { });
                request.resume();
            }
            Problems.end(ctx.response(), problem);
        }

        private void discard() {
            if (spoolFile != null) {
                // The part never ended (aborted or refused mid-way): its file is still open.
                spoolFile.close();
                spoolFile = null;
            }
            vertx.fileSystem().delete(spooled.toString()).otherwiseEmpty();
        }
    }

    /**
     * A process that died mid-upload leaves its spool file behind. A live upload writes its file
     * continually, so one untouched for an hour is abandoned, even if another process shares the
     * directory.
     */
    void removeAbandonedSpoolFiles() throws IOException {
        Instant abandonedBefore = Instant.now().minus(ABANDONED_AFTER);
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SPOOL_SUFFIX)).toList()) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(abandonedBefore)) {
                        Files.deleteIfExists(file);
                        LOG.infof("Removed abandoned spool file %s", file);
                    }
                } catch (IOException e) {
                    LOG.warnf("Cannot remove abandoned spool file %s: %s", file, e.getMessage());
                }
            }
        }
    }
}
