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

        /**
         * Pause between two upkeep passes: taking back lost frames (their agent went silent, or no agent
         * started them) and noting stalled tasks. Both wait seconds to minutes by nature.
         */
        @WithDefault("PT1S")
        Duration interval();

        /**
         * Longest pause between two release passes. Releases run the moment a dispatch signal arrives
         * (a frame ended, a task became releasable, an agent came or has more free slots); this timer
         * only covers a signal lost while the listening connection was down.
         */
        @WithDefault("PT2S")
        Duration releaseInterval();

        /** A released frame no agent started within this long is released again as a new attempt. */
        @WithDefault("PT10M")
        Duration startTimeout();

        /** Most frames one pass releases (every lane of every pool together), bounding its one transaction. */
        @WithDefault("500")
        int maxReleasePerPass();

        /**
         * Jobs released ahead of each live agent's free slots, waiting in its lane: a slot that frees finds its next
         * job there at once instead of after a release pass and the outbox relay (tens of milliseconds), which counts
         * for frames of seconds. 0, the default, releases into free slots only: a job released ahead waits for
         * whichever agent of the lane frees a slot first, so it must start within {@link #startTimeout()} or it is
         * released again; keep 0 where frames render for longer than that. A raised priority, a pause or a cancel
         * takes such jobs back like any released job.
         */
        @WithDefault("0")
        @Min(0)
        int jobsAheadPerAgent();

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

    Inbox inbox();

    interface Inbox {

        /**
         * How long the ids of applied events are kept to drop duplicates. A consumer re-reads what it
         * had applied but not committed within seconds of a restart or a rebalance; a day covers a
         * service that stayed down long after a crash. Older replays change nothing either (the state
         * they would change has moved on); the id only spares the work.
         */
        @WithDefault("P1D")
        Duration retention();
    }

    interface Outbox {

        /**
         * Longest pause between two relay passes. A relay pass runs the moment a transaction that wrote
         * to the outbox commits; this timer only covers a signal lost while the listening connection was down.
         */
        @WithDefault("PT1S")
        Duration interval();

        /** Records one relay pass sends and deletes in one transaction. */
        @WithDefault("200")
        int batchSize();

        /** How long one pass waits for the broker's acknowledgements before giving the records back. */
        @WithDefault("PT30S")
        Duration sendTimeout();
    }
}
