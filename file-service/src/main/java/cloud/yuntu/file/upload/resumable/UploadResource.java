package cloud.yuntu.file.upload.resumable;

import cloud.yuntu.file.upload.resumable.UploadCompletion.Completion;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Resumable uploads: start one, send its parts in any order and as often as needed, list what the
 * server holds, complete or abort it. For scenes and assets too large to send in one request that
 * must survive a broken connection. Users and services upload; agents do not.
 */
@Path("/api/files/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Blocking
public class UploadResource {

    private static final String CONTENT_MD5 = "Content-MD5";

    private final UploadSessions sessions;
    private final UploadCompletion completion;
    private final Callers callers;

    UploadResource(UploadSessions sessions, UploadCompletion completion, Callers callers) {
        this.sessions = sessions;
        this.completion = completion;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response initiate(InitiateRequest request) throws IOException {
        UploadStarted started = sessions.initiate(uploader().id(), request);
        return Response.created(URI.create("/api/files/uploads/" + started.uploadId())).entity(started).build();
    }

    /** One part's raw body; its length is declared and must be the part's, so nothing unexpected is read. */
    @PUT
    @Path("{uploadId}/parts/{partNumber}")
    @Consumes(MediaType.WILDCARD)
    public PartReceived part(@RestPath String uploadId, @RestPath String partNumber,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, @HeaderParam(CONTENT_MD5) String contentMd5,
            InputStream body) throws IOException {
        return sessions.receivePart(uploader().id(), uploadId, partNumber, contentLength, contentMd5, body);
    }

    @GET
    @Path("{uploadId}")
    public UploadDescription describe(@RestPath String uploadId) {
        return sessions.describe(uploader().id(), uploadId);
    }

    /** 201 with the object when this call published it, 200 with the same object when the upload was completed before. */
    @POST
    @Path("{uploadId}/complete")
    public Response complete(@RestPath String uploadId) throws IOException {
        Completion done = completion.complete(uploader().id(), uploadId);
        Response.ResponseBuilder answer = Response.status(done.published() ? Response.Status.CREATED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(done.object());
        if (!done.object().key().startsWith("assets/")) {
            answer.location(URI.create("/api/files/objects?key=" + URLEncoder.encode(done.object().key(), StandardCharsets.UTF_8)));
        }
        return answer.build();
    }

    @DELETE
    @Path("{uploadId}")
    public Response abort(@RestPath String uploadId) {
        sessions.abort(uploader().id(), uploadId);
        return Response.noContent().build();
    }

    /** Everyone but agents: an agent writes results through its job's presigned URLs, it uploads nothing of its own. */
    private Caller uploader() {
        Caller caller = callers.current();
        if (caller.isAgent()) {
            throw ProblemException.forbidden("render agents do not upload through resumable uploads");
        }
        return caller;
    }
}
