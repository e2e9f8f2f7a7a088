package cloud.yuntu.agent;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of a render agent, prefix {@code yuntu.agent}; set by environment on render nodes. */
@ConfigMapping(prefix = "yuntu.agent")
public interface AgentConfig {

    /** Name of this agent in heartbeats, events and commands; the host name when unset. */
    Optional<String> id();

    /**
     * Pools whose frame jobs this agent may take (one share group per pool and renderer); of them it serves those
     * whose tiers its GPUs meet ({@code job/PoolFit}).
     */
    @WithDefault("cpu")
    List<String> pools();

    /**
     * How often the tiers are read again from task-service ({@code GET /api/tiers}) after the first read, which
     * decide the pools among {@link #pools()} this node serves: a GPU tier's pool needs GPUs this node has.
     */
    @WithDefault("60s")
    Duration tierRefreshInterval();

    /** Frames rendered at the same time, across all pools. */
    @WithDefault("1")
    int slots();

    /** Scene cache, per-job scratch directories and render outputs live here. */
    @WithDefault("./.render-agent")
    Path workDir();

    /** How often the agent reports itself on farm.agent-heartbeats. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * GPUs of this node as {@code <model>:<memory>} entries, one per card, e.g.
     * {@code NVIDIA RTX A6000:48GiB,NVIDIA RTX A6000:48GiB}; reported in heartbeats, devices 0 to N-1 in this
     * order. When set it wins over detection ({@link GpuSettings#smiExecutable()}); when unset the GPUs are what
     * nvidia-smi lists.
     */
    Optional<List<String>> gpus();

    GpuSettings gpu();

    ShareGroup shareGroup();

    Maya maya();

    Transfer transfer();

    Cache cache();

    Logs logs();

    Render render();

    /** GPU detection and how render slots share the GPUs, prefix {@code yuntu.agent.gpu}. */
    interface GpuSettings {

        /**
         * The {@code nvidia-smi} run once at start to list the node's GPUs (a name on PATH or a path; tests and the
         * local farm point it at a script printing a recorded output). Absent: no GPUs. Not run when
         * {@code yuntu.agent.gpus} is set.
         */
        @WithDefault("nvidia-smi")
        String smiExecutable();

        /** Longest wait for nvidia-smi; a hung driver must not hold the agent's start. */
        @WithDefault("10s")
        Duration smiTimeout();

        /**
         * GPUs per render slot on a node with GPUs: N GPUs give N / per-slot slots (yuntu.agent.slots is then not
         * used), each renderer seeing only its slot's GPUs.
         */
        @WithDefault("1")
        int perSlot();
    }

    interface ShareGroup {

        /**
         * {@code share.record.lock.duration.ms} set on each pool's share group at start: how long a
         * job stays locked to an agent that stopped renewing it (killed agent -> redelivery after this).
         * Must lie within the broker's group.share.min/max.record.lock.duration.ms.
         */
        @WithDefault("15s")
        Duration recordLockDuration();

        /**
         * The broker's {@code group.share.delivery.count.limit} (Kafka's default 5): the broker archives a job's record
         * when a delivery with this count ends unaccepted. A job the agent cannot run on that delivery (no free slot,
         * draining, stopping) is therefore not released but handed back to task-service by a report, which puts the
         * frame back to WAITING at once. Set it to the brokers' value: a lower one only hands jobs back earlier than
         * needed, a higher one lets the broker archive released jobs, whose frames then wait for task-service's start
         * timeout.
         */
        @WithDefault("5")
        int deliveryCountLimit();

        /** How often a running job's lock is renewed; well below the lock duration. */
        @WithDefault("5s")
        Duration renewInterval();

        /**
         * Longest wait of one poll for the next job (a job arriving ends the wait at once); running jobs' renewals
         * and outcomes are acknowledged between such polls, at most this late.
         */
        @WithDefault("1s")
        Duration pollTimeout();

        /**
         * How long a lane takes no job after this agent refused one of its jobs that another agent may run (the agent
         * is blocklisted for the job's task, or lacks its renderer). The share group gives a job to whichever consumer
         * asks first, and an agent that refuses in a millisecond asks again at once: without this pause a blocklisted
         * agent would take most of its task's jobs, each coming back as a new attempt, while agents that can render
         * them wait. The frame itself is not delayed: another agent takes it meanwhile.
         */
        @WithDefault("1s")
        Duration refusalStepBack();

        /**
         * The share consumer's {@code metadata.max.age.ms}: task-service creates a lane topic when it
         * first sees an agent with that renderer, often after the agent subscribed; the consumer learns
         * of the new topic at its next metadata refresh, which the client's default would put 5 minutes off.
         */
        @WithDefault("3s")
        Duration metadataMaxAge();
    }

    interface Maya {

        /**
         * Maya's batch renderer, a name on PATH or an absolute path. When set it runs every Maya job and Maya's
         * installations are not looked for; the renderers reported are {@link #renderers()} with {@link #version()}.
         * When unset, the installations found ({@link #locations()} and Maya's usual paths) decide, and without any
         * {@code Render} on PATH is used as if set so.
         */
        Optional<String> renderExecutable();

        /**
         * Maya installation folders ({@code /opt/maya2025}, or their {@code bin/Render}) besides Maya's usual install
         * paths ({@code /usr/autodesk/maya<YEAR>}, {@code C:\Program Files\Autodesk\Maya<YEAR>}).
         */
        Optional<List<Path>> locations();

        /**
         * Renderers the installed Maya offers, as {@code Render -r} names them; reported in heartbeats
         * (when the executable is present or {@link #simulate()} is on) and subscribed to as job lanes. With Maya
         * installations found, the renderers found in them that this list names.
         */
        @WithDefault("arnold,redshift,vray,renderman,mayaSoftware,mayaHardware2")
        List<String> renderers();

        /** Maya version reported in heartbeats for those renderers. */
        @WithDefault("unknown")
        String version();

        /**
         * The simulated renderer stands in for every one of {@link #renderers()}: they are reported
         * without Maya installed, and each job runs Maya's own command line with only the executable
         * replaced by the simulator. For the local farm and demos; never on a real render node.
         */
        @WithDefault("false")
        boolean simulate();
    }

    interface Transfer {

        /** Attempts per upload or download (digest mismatch, 5xx, I/O error) before the frame fails. */
        @WithDefault("4")
        int uploadAttempts();

        /** Wait before the second attempt; doubles with each further one. */
        @WithDefault("500ms")
        Duration retryBackoff();

        /**
         * How long an upload or download waits for file-service (or the gateway its presigned URLs lead
         * through) to answer again when it cannot be reached or answers 502/503/504, trying every few seconds,
         * before the frame fails. Such tries do not count against {@link #uploadAttempts()}: the frame is not at
         * fault, and failing it would burn its attempts within seconds of a restart (e2e RestartsMidTaskTest saw
         * frames go DEAD while file-service restarted). Longer than a service takes to restart.
         */
        @WithDefault("3m")
        Duration unavailablePatience();

        /** Lifetime asked of presigned URLs. */
        @WithDefault("900s")
        Duration presignExpiry();

        /** Timeout of one HTTP request to file-service or its presigned URLs (bodies may stream longer). */
        @WithDefault("30s")
        Duration requestTimeout();
    }

    interface Cache {

        /**
         * Most the scene and asset cache ({@code <work-dir>/cache}) keeps: beyond it the least
         * recently used files go, never one a running job uses. Re-rendering a project whose files
         * are still cached downloads nothing.
         */
        @WithDefault("100G")
        MemorySize maxSize();
    }

    interface Logs {

        /** Renderer log lines are sent at least this often while a frame renders. */
        @WithDefault("1s")
        Duration batchInterval();

        /** A batch is sent early once it holds this many lines. */
        @WithDefault("200")
        int batchLines();

        /** Lines of the renderer's log kept for a failure report. */
        @WithDefault("50")
        int tailLines();

        /** Minimum gap between two progress events of one frame. */
        @WithDefault("1s")
        Duration progressInterval();
    }

    interface Render {

        /**
         * CPU threads one render may use, given to the renderers that take it on their command line (Arnold
         * {@code -ai:threads}, Maya Software {@code -n}, V-Ray {@code vraySettings.sys_max_threads}); 0 leaves each
         * renderer its default, all cores. A node rendering several frames at once may set cores / slots.
         */
        @WithDefault("0")
        int threads();

        /**
         * Most resident memory (RSS) the renderer's process tree may hold, sampled every 500 ms: past it the tree is
         * killed and the frame fails retryable, so one runaway frame cannot push the node into swap or the kernel's
         * OOM killer, which might pick the agent. None (the default): no limit.
         */
        Optional<MemorySize> memoryLimit();
    }
}
