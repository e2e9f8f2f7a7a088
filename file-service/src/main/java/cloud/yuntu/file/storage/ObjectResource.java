package cloud.yuntu.file.storage;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/files/objects")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ObjectResource {

    private final ObjectCatalog catalog;
    private final Callers callers;

    ObjectResource(ObjectCatalog catalog, Callers callers) {
        this.catalog = catalog;
        this.callers = callers;
    }

    /**
     * What the catalogue knows of one committed object, for its owner, admins and services.
     * Anyone else gets the answer of a missing object, so nobody learns what others stored.
     */
    @GET
    public Uni<ObjectInfo> describe(@RestQuery String key) {
        Caller caller = callers.current();
        ObjectKey objectKey = ObjectKey.of(key);
        return catalog.find(objectKey)
                .map(found -> found.filter(object -> caller.maySee(object.owner()))
                        .orElseThrow(() -> noSuchObject(objectKey)));
    }

    /** The one answer for an object that is missing or not the caller's. */
    public static ProblemException noSuchObject(ObjectKey key) {
        return ProblemException.notFound("no object with key " + key);
    }
}
