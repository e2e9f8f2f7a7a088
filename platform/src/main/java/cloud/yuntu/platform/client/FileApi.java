package cloud.yuntu.platform.client;

import cloud.yuntu.contracts.frame.StoredObject;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * file-service's HTTP API as the other services and the agents call it. Configured by
 * {@code quarkus.rest-client.file-service.url}; every call carries the caller's token or this
 * machine's own ({@link BearerHeaders}), so file-service applies its ownership rules to it. An
 * object the caller may not see answers 404, like a missing one.
 */
@Path("/api")
@RegisterRestClient(configKey = "file-service")
@RegisterClientHeaders(BearerHeaders.class)
public interface FileApi {

    /** An object's size and digests. */
    @GET
    @Path("/files/objects")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<StoredObject> object(@QueryParam("key") String key);

    /** An expiring URL for one GET of one key, or for one PUT of exactly the size and SHA-256 the request names. */
    @POST
    @Path("/files/presign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<PresignedUrl> presign(PresignRequest request);

    /**
     * Holds the task's contents in file-service until the task ends (204; the same request again
     * changes nothing; a request whose {@code heldFrom} is not after an end of the task file-service
     * has seen holds nothing, 204 as well). Only services and operators may: the call carries the credential it is
     * given, never a user's token that {@link BearerHeaders} would otherwise forward.
     * 422 names {@code assets[i].sha256} for every content the owner has not uploaded with that
     * size (nothing is held then); 409 when the task holds other content already.
     *
     * @param authorization {@code Bearer <token>} of a service
     */
    @PUT
    @Path("/assets/manifests/{taskId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Void> retainManifest(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("taskId") UUID taskId, ManifestRequest request);
}
