package cloud.yuntu.gateway.admin;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This gateway replica, named in every operator answer: connections live on one replica, so what
 * one answers is that replica's share of the farm. {@code id} is {@code quarkus.uuid}, new at each
 * start (it also names the replica's {@code farm.user-streams} consumer group); {@code host} is the
 * host name (a pod's name on Kubernetes).
 */
@Startup
@ApplicationScoped
class Replica {

    record View(String id, String host, Instant startedAt) {
    }

    private final View view;

    Replica(@ConfigProperty(name = "quarkus.uuid") String id) {
        this.view = new View(id, hostName(), Instant.now());
    }

    View view() {
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
