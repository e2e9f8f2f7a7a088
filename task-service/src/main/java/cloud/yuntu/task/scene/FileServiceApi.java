package cloud.yuntu.task.scene;

import cloud.yuntu.contracts.frame.StoredObject;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The part of file-service's HTTP API task-service reads: an object's size and digests. */
@Path("/api/files")
public interface FileServiceApi {

    @GET
    @Path("/objects")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<StoredObject> object(@QueryParam("key") String key);
}
