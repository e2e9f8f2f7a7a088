package cloud.yuntu.gateway.admin;

import cloud.yuntu.gateway.replicas.FarmDisconnect;
import cloud.yuntu.gateway.replicas.FarmSnapshot;
import cloud.yuntu.gateway.replicas.FarmView;
import cloud.yuntu.gateway.replicas.Replica;
import cloud.yuntu.gateway.replicas.ReplicaFigures;
import cloud.yuntu.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Operators' view of the farm's WebSocket push, across every gateway replica: the figures, who is
 * connected where, and closing a user's connections wherever they are. Whichever replica the load
 * balancer picks answers for all of them, from its own figures and the others' published
 * snapshots ({@link FarmView}). The token is checked by {@link AdminGate}, not by JAX-RS security,
 * so that these calls pass the same edge checks and rate as the proxied API.
 */
@Path("/api/admin/push")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class PushAdminResource {

    private static final Logger LOG = Logger.getLogger(PushAdminResource.class);
    /** A database that does not answer within this is down: the operator is told to try again. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final AdminGate gate;
    private final FarmView farm;
    private final FarmAnswers answers;
    private final FarmDisconnect disconnect;
    private final ReplicaFigures figures;

    PushAdminResource(AdminGate gate, FarmView farm, FarmAnswers answers, FarmDisconnect disconnect, ReplicaFigures figures) {
        this.gate = gate;
        this.farm = farm;
        this.answers = answers;
        this.disconnect = disconnect;
        this.figures = figures;
    }

    @GET
    @Path("/stats")
    public FarmAnswers.Stats stats(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.admit(authorization);
        return answers.stats(farm());
    }

    @GET
    @Path("/users")
    public FarmAnswers.Online users(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.admit(authorization);
        return answers.online(farm());
    }

    public record Disconnected(Replica.View answeredBy, String userId, int closed, List<FarmDisconnect.Closed> replicas,
            List<FarmDisconnect.Pending> pending) {
    }

    /**
     * Closes every connection of the user, on every replica, with 4001: 202 once this replica closed
     * its own and the others reported theirs, or {@code yuntu.gateway.replicas.disconnect-wait}
     * passed (those still to report are listed as pending; they close them when they read the
     * order). A user connected nowhere is an answer too: 0 closed.
     */
    @POST
    @Path("/users/{userId}/disconnect")
    public Response disconnect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("userId") String userId) {
        gate.admit(authorization);
        FarmDisconnect.Disconnection done = disconnect.disconnect(userId);
        return Response.accepted(new Disconnected(figures.replica(), done.userId(), done.closed(), done.replicas(),
                done.pending())).build();
    }

    private FarmSnapshot farm() {
        try {
            return farm.now().await().atMost(READ_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Reading the replicas' snapshots failed: %s", e.toString());
            throw ProblemException.unavailable("the other replicas' figures could not be read (database unavailable); it may be retried");
        }
    }
}
