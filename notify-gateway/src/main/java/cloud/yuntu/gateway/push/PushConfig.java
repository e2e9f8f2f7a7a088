package cloud.yuntu.gateway.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway fans events out to WebSocket clients. */
@ConfigMapping(prefix = "yuntu.gateway.push")
public interface PushConfig {

    /**
     * Messages that may wait for one client before its connection is dropped. A client this far
     * behind is not reading; holding more for it would only grow memory without helping it.
     */
    @WithDefault("256")
    int sendQueueLimit();

    /**
     * Event ids remembered to recognise a redelivered event. Redelivery happens shortly after the
     * original (a consumer restart or rebalance), so recent ids are enough.
     */
    @WithDefault("10000")
    int recentEventIds();

    /** Tasks whose highest pushed progress is remembered, to drop progress that arrives out of order. */
    @WithDefault("10000")
    int trackedTasks();
}
