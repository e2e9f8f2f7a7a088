package cloud.yuntu.file.storage;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/files/objects")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ObjectResource {

    private final ObjectCatalog catalog;
    private final ObjectDeletion deletion;
    private final Callers callers;

    ObjectResource(ObjectCatalog catalog, ObjectDeletion deletion, Callers callers) {
        this.catalog = catalog;
        this.deletion = deletion;
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

    /**
     * Whether the object exists for the caller, without a body: its size as {@code Content-Length}
     * and its SHA-256 as {@code Repr-Digest}, so a client can tell whether its own copy is the same.
     * The same rules and answers as {@link #describe}.
     */
    @HEAD
    public Uni<Response> exists(@RestQuery String key) {
        return describe(key).map(object -> Response.ok()
                .header(HttpHeaders.CONTENT_LENGTH, object.size())
                .header(ReprDigest.HEADER, ReprDigest.sha256(object.sha256()))
                .build());
    }

    /**
     * Deletes one of the caller's objects (admins: anyone's), see {@link DeletionRule} for what may
     * not go and {@link ObjectDeletion} for how. 204; 404 for a missing or another user's object
     * (nothing changes), so also the second time; 403 for agents, which never delete.
     */
    @DELETE
    @Blocking
    public void delete(@RestQuery String key) {
        Caller caller = callers.current();
        if (caller.isAgent()) {
            throw ProblemException.forbidden("render agents do not delete objects");
        }
        deletion.delete(DeletionRule.deletable(key), caller);
    }

    /** The one answer for an object that is missing or not the caller's. */
    public static ProblemException noSuchObject(ObjectKey key) {
        return ProblemException.notFound("no object with key " + key);
    }
}
