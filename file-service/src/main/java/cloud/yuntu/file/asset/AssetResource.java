package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Content-addressed assets: a client checks which files of its project are missing, then uploads
 * only those, each under its SHA-256. Users act on their own references; admins and services see
 * every stored content; agents upload no assets.
 */
@Path("/api/assets")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AssetResource {

    private final AssetCheck check;
    private final AssetIngest ingest;
    private final Callers callers;
    private final int maxCheck;
    private final long maxObjectSize;

    AssetResource(AssetCheck check, AssetIngest ingest, Callers callers, FileConfig config) {
        this.check = check;
        this.ingest = ingest;
        this.callers = callers;
        this.maxCheck = config.assets().maxCheck();
        this.maxObjectSize = config.maxObjectSize().asLongValue();
    }

    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AssetCheckAnswer> check(AssetCheckRequest request) {
        Caller caller = uploader();
        if (request == null) {
            throw ProblemException.invalidField("assets", "must name at least one asset");
        }
        request.validate(maxCheck, maxObjectSize);
        return check.missing(caller, request.assets()).map(AssetCheckAnswer::new);
    }

    /**
     * Stores the raw body under its SHA-256. The length must be declared, so that a body over the
     * limit is refused before any of it is read; the body is hashed whatever is stored already.
     */
    @PUT
    @Path("{sha256}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response put(@RestPath String sha256, @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            InputStream body) throws IOException {
        Caller caller = uploader();
        if (!AssetKeys.validSha256(sha256)) {
            throw ProblemException.invalidField("sha256", AssetKeys.SHA256_RULE);
        }
        // A declared length over yuntu.file.max-object-size never gets here: BodyLimitFilter answers 413 first.
        requireDeclaredLength(contentLength);
        AssetIngest.Upload upload = ingest.put(caller.id(), sha256, body);
        StoredAsset stored = new StoredAsset(upload.digests().sha256(), upload.digests().size(), upload.digests().xxh64());
        return Response.status(upload.newToOwner() ? Response.Status.CREATED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(stored)
                .build();
    }

    /** Everyone but agents: an agent fetches a job's assets, it does not bring its own. */
    private Caller uploader() {
        Caller caller = callers.current();
        if (caller.isAgent()) {
            throw ProblemException.forbidden("agents cannot check or upload assets");
        }
        return caller;
    }

    private static void requireDeclaredLength(String contentLength) {
        if (contentLength == null || contentLength.isBlank()) {
            throw lengthRequired();
        }
    }

    private static ProblemException lengthRequired() {
        return new ProblemException(411, "length-required", "Length required",
                "Content-Length: an asset upload declares its length (no chunked bodies)",
                List.of(new FieldError("Content-Length", "is required")));
    }
}
