package cloud.yuntu.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Configuration of task-service, prefix {@code yuntu.task}. */
@ConfigMapping(prefix = "yuntu.task")
public interface TaskConfig {

    /** How long the agent lets the renderer run on one job before killing it. */
    @WithDefault("PT2H")
    Duration frameTimeout();

    /**
     * Most frames a frame list may expand to at all (a request beyond it is invalid, 422); protects
     * the database and the dispatcher from "1-999999999". What one user may ask for is the lower
     * {@link Quota#framesPerTask()}.
     */
    @WithDefault("1000000")
    int maxFrames();

    Quota quota();

    Dispatch dispatch();

    /** What one user may hold at once; exceeding it answers 429. */
    interface Quota {

        /** Tasks of one user not yet COMPLETED, FAILED or CANCELLED; one more is refused until one ends. */
        @WithDefault("20")
        @Min(1)
        int activeTasks();

        /** Frames one task of a user may have. */
        @WithDefault("100000")
        @Min(1)
        int framesPerTask();

        /** The Retry-After of a submission refused for too many active tasks (tasks end when they end; this is a hint). */
        @WithDefault("PT1M")
        Duration retryAfter();
    }

    Agent agent();

    Outbox outbox();

    Blocklist blocklist();

    interface Blocklist {

        /**
         * Retryable failures of one task on one agent that blocklist the agent for that task: its frames
         * go to other agents (a node with a broken driver or a full disk fails every frame it takes).
         * Failures of the scene itself (not retryable) do not count; the last agent not blocklisted never is.
         */
        @WithDefault("3")
        @Min(1)
        int failures();
    }

    interface Dispatch {

        /** Pause between two dispatcher passes (release of waiting frames, recovery of lost ones). */
        @WithDefault("PT0.5S")
        Duration interval();

        /** A released frame no agent started within this long is released again as a new attempt. */
        @WithDefault("PT10M")
        Duration startTimeout();

        /** Most frames one pass releases (every lane of every pool together), bounding its one transaction. */
        @WithDefault("500")
        int maxReleasePerPass();

        /**
         * A task whose waiting frames no live agent can take (none of its pool reports the renderer, or
         * the pool's agents died) for this long is stalled: it says so in its view, its owner is notified
         * once, and operators see it. Shorter would announce every agent restart.
         */
        @WithDefault("PT30S")
        Duration stallAfter();

        /**
         * How often the dispatcher looks for stalled tasks: a stall is announced after
         * {@link #stallAfter()}, so looking on every pass would only cost queries.
         */
        @WithDefault("PT5S")
        Duration stallCheckInterval();
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
