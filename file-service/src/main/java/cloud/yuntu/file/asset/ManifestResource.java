package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.file.asset.ManifestRule.Conflict;
import cloud.yuntu.file.asset.ManifestRule.NotHeld;
import cloud.yuntu.file.asset.ManifestRule.Outcome;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.identity.Callers;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestPath;

/**
 * A task's manifest: the service that admits a task retains the task's contents for it before it
 * commits the task, and they stay until the task ends (its end on {@code farm.task-events}
 * releases them). Only services and operators retain: the owner is named in the body, so a user
 * or an agent could otherwise pin contents for somebody else.
 */
@Path("/api/assets/manifests")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ManifestResource {

    /** Lowercase canonical form only, so that one task has one name ({@code UUID.fromString} takes more). */
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ManifestReferences manifests;
    private final Callers callers;
    private final int maxManifest;
    private final long maxObjectSize;

    ManifestResource(ManifestReferences manifests, Callers callers, FileConfig config) {
        this.manifests = manifests;
        this.callers = callers;
        this.maxManifest = config.assets().maxManifest();
        this.maxObjectSize = config.maxObjectSize().asLongValue();
    }

    /**
     * 204 when the task holds the contents (now, or already with exactly this content), and when the
     * retain was decided ({@code heldFrom}) at or before an end of the task already seen: then
     * nothing is held, since nothing would release it.
     */
    @PUT
    @Path("{taskId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Void> retain(@RestPath String taskId, ManifestRequest request) {
        Caller caller = callers.current();
        if (!caller.seesEverything()) {
            throw ProblemException.forbidden("only services and operators retain task manifests");
        }
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw ProblemException.invalidField("taskId", "must be a task id (a UUID in lowercase)");
        }
        if (request == null) {
            throw ProblemException.invalidField("assets", "must name at least one asset");
        }
        request.validate(maxManifest, maxObjectSize);
        return manifests.retain(UUID.fromString(taskId), request.owner(), request.assets(), request.heldFrom())
                .map(outcome -> answer(outcome, request.assets()));
    }

    private static Void answer(Outcome outcome, List<Claim> claims) {
        return switch (outcome) {
            case NotHeld notHeld -> throw ProblemException.invalid(notHeld.entries().stream()
                    .limit(AssetCheckRequest.MAX_REPORTED)
                    .map(i -> new FieldError("assets[" + i + "].sha256", "not uploaded by the owner"
                            + " (with size " + claims.get(i).size() + ")"))
                    .toList());
            case Conflict conflict -> throw ProblemException.conflict("manifest-conflict", "Manifest conflict",
                    conflict.detail());
            default -> null;
        };
    }
}
