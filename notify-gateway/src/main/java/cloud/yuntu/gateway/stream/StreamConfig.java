package cloud.yuntu.gateway.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long each stream's events are kept for clients that resume after a seq. */
@ConfigMapping(prefix = "yuntu.gateway.streams")
public interface StreamConfig {

    /**
     * Events older than this are removed; a client resuming from before them gets {@code resync}
     * and reloads over REST. A day covers a laptop closed overnight.
     */
    @WithDefault("24h")
    Duration retention();

    /**
     * Events kept per stream at most, whatever their age: a busy user's stream (thousands of
     * progress events an hour) would otherwise hold more than any client would replay.
     */
    @WithDefault("10000")
    int maxEventsPerStream();

    /** How often retention is applied. */
    @WithDefault("1m")
    Duration trimInterval();

    /** Tasks whose highest numbered progress is remembered, to drop progress that arrives out of order. */
    @WithDefault("10000")
    int trackedTasks();

    /**
     * How often each replica compares the heads of the streams its connections follow with where
     * they stand: a record published while the replica had no partitions yet (it just started, or
     * its group rebalanced) would otherwise reach them only with the stream's next record. A
     * connection is held to the heads of the previous check, so such a record arrives within two
     * intervals, and records still on their way are not read from the database.
     */
    @WithDefault("5s")
    Duration tailCheckInterval();

    /** Events read from the database per round trip when a client catches up. */
    @WithDefault("500")
    int replayPage();
}
