package cloud.yuntu.gateway.replicas;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This gateway replica: connections live on one replica, so each publishes its share of the farm
 * under its name ({@link SnapshotPublisher}) and operators' answers say which replica answered.
 * {@code id} is {@code quarkus.uuid}, new at each start (it also names the replica's
 * {@code farm.user-streams} consumer group); {@code host} is the host name (a pod's name on
 * Kubernetes).
 */
@Startup
@ApplicationScoped
public class Replica {

    public record View(String id, String host, Instant startedAt) {
    }

    private final View view;

    Replica(@ConfigProperty(name = "quarkus.uuid") String id) {
        this.view = new View(id, hostName(), Instant.now());
    }

    public View view() {
        return view;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
