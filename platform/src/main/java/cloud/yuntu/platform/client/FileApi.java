package cloud.yuntu.platform.client;

import cloud.yuntu.contracts.frame.StoredObject;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * file-service's HTTP API as the other services and the agents call it. Configured by
 * {@code quarkus.rest-client.file-service.url}; every call carries the caller's token or this
 * machine's own ({@link BearerHeaders}), so file-service applies its ownership rules to it. An
 * object the caller may not see answers 404, like a missing one.
 */
@Path("/api/files")
@RegisterRestClient(configKey = "file-service")
@RegisterClientHeaders(BearerHeaders.class)
public interface FileApi {

    /** An object's size and digests. */
    @GET
    @Path("/objects")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<StoredObject> object(@QueryParam("key") String key);

    /** An expiring URL for one GET or PUT of one key. */
    @POST
    @Path("/presign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<PresignedUrl> presign(PresignRequest request);
}
