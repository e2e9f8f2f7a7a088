package cloud.yuntu.file;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Configuration of file-service, prefix {@code yuntu.file}. */
@ConfigMapping(prefix = "yuntu.file")
public interface FileConfig {

    /**
     * Base of the absolute URLs file-service hands out (presigned blob URLs of the local
     * backend): what agents and browsers reach this service at, not necessarily its bind address.
     */
    @WithDefault("http://localhost:8082")
    URI publicUrl();

    /**
     * HMAC-SHA256 key of presigned URLs. Deliberately without a default: production must set it
     * (startup fails otherwise); the dev and test profiles carry a fixed, public, insecure key.
     */
    String signingKey();

    /** Largest object accepted by any upload path; bigger bodies get 413 before or while streaming. */
    @WithDefault("64G")
    MemorySize maxObjectSize();

    /**
     * Where multipart scene uploads are spooled while they arrive, before they are hashed into
     * the store. Needs room for the largest scenes being uploaded at once.
     */
    @WithDefault("${java.io.tmpdir}/yuntu-file-spool")
    Path uploadSpool();

    /** Which object store holds the bytes. */
    @WithDefault("local")
    Backend backend();

    Local local();

    Presign presign();

    Assets assets();

    enum Backend {
        /** A directory on this host; file-service itself serves the presigned URLs. */
        LOCAL
    }

    interface Local {

        /** Directory holding the objects; temporary files live in a hidden directory inside it (same volume). */
        @WithDefault("./.local-farm/objects")
        Path root();
    }

    interface Presign {

        /** Lifetime of URLs file-service presigns itself (result downloads). */
        @WithDefault("PT15M")
        Duration defaultExpiry();

        /** Upper bound a caller may ask for; OSS caps presigned URLs at 7 days as well. */
        @WithDefault("P7D")
        Duration maxExpiry();
    }

    interface Assets {

        /**
         * How long an asset no manifest references (just uploaded, or released by its last task)
         * is kept before the sweep removes it: long enough for a client to check, upload and
         * submit, and for a task to be re-submitted unchanged without uploading again.
         */
        @WithDefault("P7D")
        Duration retention();

        /** How often the sweep looks for assets past their retention. */
        @WithDefault("1h")
        String sweepInterval();

        /** Most assets one check may name (a large project has thousands of files). */
        @WithDefault("10000")
        int maxCheck();

        /** Most expired assets one sweep transaction removes; the next sweep takes the rest. */
        @WithDefault("500")
        int sweepBatch();
    }
}
