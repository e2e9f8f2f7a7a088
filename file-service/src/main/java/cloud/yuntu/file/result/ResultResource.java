package cloud.yuntu.file.result;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.presign.AccessMethod;
import cloud.yuntu.file.presign.Presigner;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/files/results")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ResultResource {

    private final ResultCatalog catalog;
    private final TaskOwners owners;
    private final Callers callers;
    private final Presigner presigner;
    private final Duration expiry;
    private final Clock clock;

    ResultResource(ResultCatalog catalog, TaskOwners owners, Callers callers, Presigner presigner, FileConfig config,
            Clock clock) {
        this.catalog = catalog;
        this.owners = owners;
        this.callers = callers;
        this.presigner = presigner;
        this.expiry = config.presign().defaultExpiry();
        this.clock = clock;
    }

    /**
     * Confirmed outputs of a task by frame, each with a fresh presigned download URL; empty when
     * none yet. Only for the task's owner (and admins and services); for anyone else, and for a
     * task whose owner file-service has not learnt, the answer of a task that does not exist.
     */
    @GET
    @Path("{taskId}")
    public Uni<List<ResultFile>> list(@RestPath UUID taskId) {
        Caller caller = callers.current();
        return owners.ownerOf(taskId).chain(owner -> {
            if (!caller.maySee(owner.orElse(null))) {
                return Uni.createFrom().failure(ProblemException.notFound("no task " + taskId));
            }
            Instant expiresAt = clock.instant().plus(expiry);
            return catalog.ofTask(taskId).map(results -> results.stream()
                    .map(r -> new ResultFile(r.frame(), r.fileName(), r.object().key(), r.object().size(),
                            r.object().sha256(), r.object().xxh64(), r.object().md5(),
                            presigner.presign(ObjectKey.of(r.object().key()), AccessMethod.GET, expiresAt)))
                    .toList());
        });
    }
}
