package cloud.yuntu.task.agent;

import cloud.yuntu.platform.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Operators take a render node out of the farm without killing frames (drain: it finishes what it
 * renders and takes nothing more) and put it back (resume). 202: the agent learns it from its command.
 */
@Path("/api/admin/agents/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AgentDrainResource {

    private final AgentDrain drain;

    AgentDrainResource(AgentDrain drain) {
        this.drain = drain;
    }

    @POST
    @Path("drain")
    public Uni<Response> drain(@PathParam("id") String agentId) {
        return accepted(drain.desire(agentId, DesiredState.DRAINING));
    }

    @POST
    @Path("resume")
    public Uni<Response> resume(@PathParam("id") String agentId) {
        return accepted(drain.desire(agentId, DesiredState.ACTIVE));
    }

    private static Uni<Response> accepted(Uni<Agents.AgentView> view) {
        return view.map(v -> Response.accepted(v).build());
    }
}
