package cloud.yuntu.task.tier;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.identity.Roles;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.util.List;

/**
 * The hardware tiers: everybody reads them (to pick one, or to see what requirements can get);
 * operators edit them. A task copies its tier's pool and price at submission, so an edit or a
 * deletion never changes a task already submitted.
 */
@Path("/api/tiers")
@Produces(MediaType.APPLICATION_JSON)
public class TierResource {

    private final Tiers tiers;

    TierResource(Tiers tiers) {
        this.tiers = tiers;
    }

    /** Every tier, cheapest first. */
    @GET
    @Authenticated
    public Uni<List<Tier>> list() {
        return Panache.withSession(tiers::all);
    }

    /** Creates (201) or replaces (200) the tier {@code name}; 422 naming each field at fault. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> put(@PathParam("name") String name, TierEdit edit) {
        List<FieldError> errors = TierEdit.problems(name, edit);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Tier tier = edit.tier(name);
        return Panache.withTransaction(() -> tiers.put(tier))
                .map(created -> Response.status(created ? 201 : 200).entity(tier).build());
    }

    /** Deletes the tier: 204; 404 unknown; 409 while tasks not yet final render on it. */
    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("name") String name) {
        return Panache.withTransaction(() -> tiers.findById(name, LockModeType.PESSIMISTIC_WRITE).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(ProblemException.notFound("no tier " + name));
            }
            return tiers.activeTasksOn(name).chain(active -> active > 0
                    ? Uni.createFrom().failure(ProblemException.conflict("tier-in-use", "Tier in use", "tier " + name
                            + " is used by " + active + " task(s) not yet finished; delete it once they are"))
                    : tiers.delete(row));
        })).replaceWith(Response.noContent().build());
    }

    /** The body of {@code PUT /api/tiers/{name}}; the name is the path's. */
    public record TierEdit(Integer cores, Integer ramGb, Integer gpus, String gpuModel, Integer gpuMemoryGb,
            BigDecimal pricePerHour, String currency, String pool) {

        Tier tier(String name) {
            int gpuCount = gpus == null ? 0 : gpus;
            return new Tier(name, cores, ramGb, gpuCount, gpuCount == 0 ? null : gpuModel.strip(),
                    gpuCount == 0 ? null : gpuMemoryGb, pricePerHour, currency, pool == null ? name : pool);
        }

        static List<FieldError> problems(String name, TierEdit edit) {
            return TierRules.problems(name, edit);
        }
    }
}
