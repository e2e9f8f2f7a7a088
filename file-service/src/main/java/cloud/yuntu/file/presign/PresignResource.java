package cloud.yuntu.file.presign;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.problem.ProblemException;
import cloud.yuntu.file.storage.ObjectKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;

@Path("/api/files/presign")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PresignResource {

    private final Presigner presigner;
    private final long maxExpiresInSeconds;
    private final Clock clock;

    PresignResource(Presigner presigner, FileConfig config, Clock clock) {
        this.presigner = presigner;
        this.maxExpiresInSeconds = config.presign().maxExpiry().toSeconds();
        this.clock = clock;
    }

    /** An expiring URL for one GET or PUT of one key; the object need not exist for PUT. */
    @POST
    public PresignedUrl presign(@Valid @NotNull PresignRequest request) {
        ObjectKey key = ObjectKey.of(request.key());
        long seconds = request.expiresInSecondsOrDefault();
        if (seconds > maxExpiresInSeconds) {
            throw ProblemException.badField("expiresInSeconds", "must be at most " + maxExpiresInSeconds);
        }
        Instant expiresAt = Instant.ofEpochSecond(clock.instant().getEpochSecond() + seconds);
        return new PresignedUrl(presigner.presign(key, request.method(), expiresAt), request.method(), expiresAt);
    }
}
