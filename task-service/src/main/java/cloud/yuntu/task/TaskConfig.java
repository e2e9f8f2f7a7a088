package cloud.yuntu.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Configuration of task-service, prefix {@code yuntu.task}. */
@ConfigMapping(prefix = "yuntu.task")
public interface TaskConfig {

    /** Base URL of file-service, read synchronously at submission for the scene's size and digests. */
    @WithDefault("http://localhost:8082")
    URI fileServiceUrl();

    /** How long the agent lets the renderer run on one job before killing it. */
    @WithDefault("PT2H")
    Duration frameTimeout();

    /** Most frames one task may expand to; protects the database and the dispatcher from "1-999999999". */
    @WithDefault("100000")
    int maxFrames();

    Dispatch dispatch();

    Agent agent();

    Outbox outbox();

    interface Dispatch {

        /** Pause between two dispatcher passes (release of waiting frames, recovery of lost ones). */
        @WithDefault("PT0.5S")
        Duration interval();

        /** A released frame no agent started within this long is released again as a new attempt. */
        @WithDefault("PT10M")
        Duration startTimeout();

        /** Most frames one pass releases into one pool, bounding the transaction. */
        @WithDefault("500")
        int maxReleasePerPass();
    }

    interface Agent {

        /** An agent whose newest heartbeat is older than this is gone: no free slots, its frames run again. */
        @WithDefault("PT15S")
        Duration heartbeatTimeout();
    }

    interface Outbox {

        /** Pause between two relay passes when the outbox was empty. */
        @WithDefault("PT0.2S")
        Duration interval();

        /** Records one relay pass sends and deletes in one transaction. */
        @WithDefault("200")
        int batchSize();

        /** How long one pass waits for the broker's acknowledgements before giving the records back. */
        @WithDefault("PT30S")
        Duration sendTimeout();
    }
}
