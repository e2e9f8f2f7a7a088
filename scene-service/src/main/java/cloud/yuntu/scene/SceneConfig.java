package cloud.yuntu.scene;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of scene-service, prefix {@code yuntu.scene}. */
@ConfigMapping(prefix = "yuntu.scene")
public interface SceneConfig {

    /**
     * How long a call to file-service's API (object info, presign) may take before the analysis
     * fails; the download itself streams. file-service's URL is {@code quarkus.rest-client.file-service.url}.
     */
    @WithDefault("PT30S")
    Duration fileServiceTimeout();

    Limits limits();

    /**
     * Analyses that may parse at once (cache hits and refusals need no slot). Each one may hold up to
     * {@code limits.max-fact-bytes} of facts, so this times that bounds the analysis' heap. When all are
     * taken, the REST endpoint answers 503 with Retry-After; the Kafka consumer waits its turn.
     */
    @WithDefault("2")
    int maxConcurrentAnalyses();

    /** The Retry-After of a 503 answered while every analysis slot is taken. */
    @WithDefault("PT5S")
    Duration busyRetryAfter();

    Mayapy mayapy();

    interface Limits {

        /** Longest single .ma token; longer ones fail the analysis with limit-exceeded at their offset. */
        @WithDefault("16777216")
        int maxTokenBytes();

        /** Value tokens kept per attribute; the rest of long arrays is read and dropped. */
        @WithDefault("64")
        int keptValueTokens();

        /** Deepest .mb group nesting accepted. */
        @WithDefault("32")
        int maxChunkDepth();

        /** Largest .mb leaf chunk read into memory; bigger ones are skipped with a warning. */
        @WithDefault("4194304")
        int maxLeafBytes();

        /** Render layers (legacy or Render Setup) a scene may have; more is refused (422 / limit-exceeded). */
        @WithDefault("200")
        int maxLayers();

        /** Cameras a scene may have; more is refused, since every renderable one is in every layer's list. */
        @WithDefault("1000")
        int maxCameras();

        /** Dependencies (files and references) a scene may have; more is refused (a cut list would hide missing files). */
        @WithDefault("5000")
        int maxDependencies();

        /** Warnings kept; the rest are counted in one final limit-exceeded warning. */
        @WithDefault("500")
        int maxWarnings();

        /**
         * Largest serialized report answered (JSON bytes, including missing-dependency warnings); a larger one is
         * refused. Well under Kafka's default 1 MB record limit, which the SceneAnalysed event must fit.
         */
        @WithDefault("524288")
        int maxReportBytes();

        /**
         * Memory budget of one analysis for what it keeps while streaming (cameras, layers, render setup,
         * dependency nodes, their written values, the connections among layers), estimated in bytes. A scene
         * needing more is refused where it passes the budget.
         */
        @WithDefault("33554432")
        long maxFactBytes();
    }

    interface Mayapy {

        /** mayapy executable; when set, POST /api/scenes/analyse?mode=mayapy is available for comparison. Off when absent. */
        Optional<Path> path();

        /** Longest a mayapy run may take before it is killed. */
        @WithDefault("PT5M")
        Duration timeout();
    }
}
