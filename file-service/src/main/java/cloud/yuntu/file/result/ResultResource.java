package cloud.yuntu.file.result;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.presign.AccessMethod;
import cloud.yuntu.file.presign.Presigner;
import cloud.yuntu.file.storage.ObjectKey;
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
public class ResultResource {

    private final ResultCatalog catalog;
    private final Presigner presigner;
    private final Duration expiry;
    private final Clock clock;

    ResultResource(ResultCatalog catalog, Presigner presigner, FileConfig config, Clock clock) {
        this.catalog = catalog;
        this.presigner = presigner;
        this.expiry = config.presign().defaultExpiry();
        this.clock = clock;
    }

    /** Confirmed outputs of a task by frame, each with a fresh presigned download URL; empty when none. */
    @GET
    @Path("{taskId}")
    public Uni<List<ResultFile>> list(@RestPath UUID taskId) {
        Instant expiresAt = clock.instant().plus(expiry);
        return catalog.ofTask(taskId).map(results -> results.stream()
                .map(r -> new ResultFile(r.frame(), r.fileName(), r.object().key(), r.object().size(),
                        r.object().sha256(), r.object().xxh64(), r.object().md5(),
                        presigner.presign(ObjectKey.of(r.object().key()), AccessMethod.GET, expiresAt)))
                .toList());
    }
}
