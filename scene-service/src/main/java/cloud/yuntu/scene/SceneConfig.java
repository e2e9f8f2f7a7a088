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
    }

    interface Mayapy {

        /** mayapy executable; when set, POST /api/scenes/analyse?mode=mayapy is available for comparison. Off when absent. */
        Optional<Path> path();

        /** Longest a mayapy run may take before it is killed. */
        @WithDefault("PT5M")
        Duration timeout();
    }
}
