package cloud.yuntu.gateway.admin;

import cloud.yuntu.gateway.push.PushMeters;
import cloud.yuntu.gateway.push.Subscribers;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Operators' view of this replica's WebSocket push: its figures, who is connected, and closing a
 * user's connections. Each replica answers for its own connections only (a load balancer picks the
 * replica), so every answer names the replica. The token is checked by {@link AdminGate}, not by
 * JAX-RS security, so that these calls pass the same edge checks and rate as the proxied API.
 */
@Path("/api/admin/push")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class PushAdminResource {

    private final AdminGate gate;
    private final Subscribers subscribers;
    private final PushMeters meters;
    private final PushRates rates;
    private final Replica replica;

    PushAdminResource(AdminGate gate, Subscribers subscribers, PushMeters meters, PushRates rates, Replica replica) {
        this.gate = gate;
        this.subscribers = subscribers;
        this.meters = meters;
        this.rates = rates;
        this.replica = replica;
    }

    /** Connections the gateway closed since start, by why. */
    public record ClosedCounts(long replaced, long silent, long tooSlow, long tooBig, long disconnected) {
    }

    public record Stats(Replica.View replica, int connections, int users, int maxConnectionsPerUser,
            int connectionLimitPerUser, double messagesSentPerSecond, double recordsNumberedPerSecond, int rateWindowSeconds,
            long messagesSent, long recordsNumbered, int sendQueueHighWater, int sendQueueLimit, ClosedCounts closed) {
    }

    @GET
    @Path("/stats")
    public Stats stats(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.admit(authorization);
        Subscribers.Occupancy occupancy = subscribers.occupancy();
        ClosedCounts closed = new ClosedCounts(meters.closedTotal(PushMeters.Closed.REPLACED),
                meters.closedTotal(PushMeters.Closed.SILENT), meters.closedTotal(PushMeters.Closed.TOO_SLOW),
                meters.closedTotal(PushMeters.Closed.TOO_BIG), meters.closedTotal(PushMeters.Closed.DISCONNECTED));
        return new Stats(replica.view(), occupancy.connections(), occupancy.users(), occupancy.maxConnectionsPerUser(),
                subscribers.connectionsPerUser(), round(rates.messagesSentPerSecond()), round(rates.recordsNumberedPerSecond()),
                (int) PushRates.WINDOW.toSeconds(), (long) rates.messagesSent(), (long) rates.recordsNumbered(),
                meters.queueHighWater(), subscribers.sendQueueLimit(), closed);
    }

    /** One connection: which stream it follows and, when it watches one task, which. */
    public record Connection(String id, Instant connectedAt, String stream, UUID taskId) {
    }

    public record OnlineUser(String userId, int connectionCount, Instant oldestConnectedAt, List<Connection> connections) {
    }

    public record Online(Replica.View replica, List<OnlineUser> users) {
    }

    @GET
    @Path("/users")
    public Online users(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.admit(authorization);
        List<OnlineUser> users = subscribers.online().stream()
                .map(user -> new OnlineUser(user.userId(), user.connections().size(), user.oldestConnectedAt(),
                        user.connections().stream()
                                .map(c -> new Connection(c.id(), c.connectedAt(), c.stream(), c.taskId()))
                                .toList()))
                .toList();
        return new Online(replica.view(), users);
    }

    public record Disconnected(Replica.View replica, String userId, int closed) {
    }

    /**
     * Closes every connection of the user on this replica with 4001. 0 closed is an answer too: the
     * user may be connected to another replica, or not at all.
     */
    @POST
    @Path("/users/{userId}/disconnect")
    public Disconnected disconnect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("userId") String userId) {
        gate.admit(authorization);
        return new Disconnected(replica.view(), userId, subscribers.disconnect(userId));
    }

    /** Three decimals are plenty for a rate an operator reads. */
    private static double round(double perSecond) {
        return Math.round(perSecond * 1000) / 1000.0;
    }
}
