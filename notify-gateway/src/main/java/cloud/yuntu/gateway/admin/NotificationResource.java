package cloud.yuntu.gateway.admin;

import cloud.yuntu.contracts.json.FarmJson;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.platform.problem.ProblemException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/admin/notifications}: an operator's message to one user or, without a
 * {@code userId}, to everyone. It is published to {@code farm.notifications} like any service's
 * notification and reaches the consoles through the streams (numbered, kept, replayed), on every
 * replica: 202 once the broker has it.
 */
@Path("/api/admin/notifications")
@PermitAll
public class NotificationResource {

    private static final Logger LOG = Logger.getLogger(NotificationResource.class);
    /** The broker acknowledges within this or the operator is told to try again (503). */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /** Far above the largest valid notification (200 + 2000 characters of up to 4 bytes each, and JSON). */
    static final int MAX_BODY = 16 * 1024;

    private final AdminGate gate;
    private final MutinyEmitter<Notification> out;
    private final Clock clock = Clock.systemUTC();

    NotificationResource(AdminGate gate, @Channel("notifications-out") MutinyEmitter<Notification> out) {
        this.gate = gate;
        this.out = out;
    }

    public record Accepted(UUID id) {
    }

    /**
     * The body is read by hand, after the gate: a JAX-RS entity would be read before any check, and
     * the gateway takes bodies of any size ({@code quarkus.http.limits.max-body-size}) for the proxy.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body)
            throws IOException {
        var operator = gate.admit(authorization);
        Notification notification = NotificationRules.accept(read(body), UUID.randomUUID(), clock.instant());
        try {
            // Keyed by user, as the contract says (null for a broadcast).
            out.sendMessage(Message.of(notification).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(notification.userId()).build()))
                    .await().atMost(PUBLISH_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Publishing notification %s failed: %s", notification.id(), e.toString());
            throw ProblemException.unavailable("the notification could not be published to the broker; it may be retried");
        }
        LOG.infof("Operator %s sent notification %s to %s", operator.id(), notification.id(),
                notification.userId() == null ? "everyone" : notification.userId());
        return Response.accepted(new Accepted(notification.id())).build();
    }

    /** @return the request, null without a body; unreadable JSON is answered by platform's mapping (400, or 422 naming the field) */
    private static NotificationRules.NotificationRequest read(InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw ProblemException.tooLarge(MAX_BODY);
        }
        if (bytes.length == 0) {
            return null;
        }
        return FarmJson.mapper().readValue(bytes, NotificationRules.NotificationRequest.class);
    }
}
