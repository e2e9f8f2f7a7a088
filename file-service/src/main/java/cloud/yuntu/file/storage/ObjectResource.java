package cloud.yuntu.file.storage;

import cloud.yuntu.file.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/files/objects")
@Produces(MediaType.APPLICATION_JSON)
public class ObjectResource {

    private final ObjectCatalog catalog;

    ObjectResource(ObjectCatalog catalog) {
        this.catalog = catalog;
    }

    /** What the catalogue knows of one committed object. */
    @GET
    public Uni<ObjectInfo> describe(@RestQuery String key) {
        ObjectKey objectKey = ObjectKey.of(key);
        return catalog.find(objectKey)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("no object with key " + objectKey)));
    }
}
