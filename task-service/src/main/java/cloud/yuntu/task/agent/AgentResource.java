package cloud.yuntu.task.agent;

import cloud.yuntu.platform.identity.Roles;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.scheduling.StalledTasks;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The farm as operators see it: every agent of the registry, and the tasks whose frames no live
 * agent can take. Users never see other users' tasks here: admins only.
 */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AgentResource {

    /** @param stalledTasks every stalled lane of a task, oldest first */
    public record FarmView(List<Agents.AgentView> agents, List<StalledTasks.Stall> stalledTasks) {
    }

    private final Pool pool;
    private final Agents agents;
    private final StalledTasks stalls;
    private final TaskConfig config;

    AgentResource(Pool pool, Agents agents, StalledTasks stalls, TaskConfig config) {
        this.pool = pool;
        this.agents = agents;
        this.stalls = stalls;
        this.config = config;
    }

    @GET
    public Uni<FarmView> farm() {
        return pool.withConnection(sql -> agents.all(sql, config.agent().heartbeatTimeout())
                .chain(all -> stalls.all(sql).map(stalled -> new FarmView(all, stalled))));
    }
}
