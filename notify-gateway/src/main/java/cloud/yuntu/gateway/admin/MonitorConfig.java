package cloud.yuntu.gateway.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operators' live view of the farm's push, {@code /ws/admin}. */
@ConfigMapping(prefix = "yuntu.gateway.monitor")
public interface MonitorConfig {

    /**
     * How often every {@code /ws/admin} connection gets a {@code monitor} message (one read of the
     * replicas' snapshots per round, whatever the number of operators watching). The other replicas'
     * figures change every {@code yuntu.gateway.replicas.publish-interval}, this replica's at once.
     */
    @WithDefault("1s")
    Duration interval();
}
