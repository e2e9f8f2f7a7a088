package cloud.yuntu.gateway.replicas;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway replicas tell each other what they hold, for the operators' farm-wide view. */
@ConfigMapping(prefix = "yuntu.gateway.replicas")
public interface ReplicasConfig {

    /**
     * How often each replica publishes its snapshot (connections, users, rates) to the others. The
     * farm-wide figures are at most this old for the replicas that did not answer the request.
     */
    @WithDefault("2s")
    Duration publishInterval();

    /**
     * A replica whose newest snapshot is older than this many publish intervals is gone (it crashed
     * or lost the database) and no longer counted; one that stops cleanly withdraws its snapshot at
     * once. Three forgive a slow database round trip or a pause without counting a dead replica long.
     */
    @WithDefault("3")
    int missedPublications();

    /**
     * How often each replica looks for operators' disconnect orders given at another replica; a
     * user's connections there are closed at most this long after the order.
     */
    @WithDefault("500ms")
    Duration orderPollInterval();

    /**
     * How long {@code POST /api/admin/push/users/{id}/disconnect} waits for the other live replicas
     * to report how many connections they closed; those that did not report by then are listed as
     * pending (they still close them when they read the order).
     */
    @WithDefault("3s")
    Duration disconnectWait();
}
