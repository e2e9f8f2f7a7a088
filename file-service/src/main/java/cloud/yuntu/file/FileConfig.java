package cloud.yuntu.file;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

    /** Only read when {@link #backend()} is {@code oss}; then endpoint, bucket, region and keys are required. */
    Oss oss();

    Presign presign();

    Assets assets();

    Uploads uploads();

    Logs logs();

    Audit storeAudit();

    enum Backend {
        /** A directory on this host; file-service itself serves the presigned URLs. */
        LOCAL,
        /** An Aliyun OSS bucket; downloads go to OSS directly through its own presigned URLs. */
        OSS
    }

    interface Local {

        /** Directory holding the objects; temporary files live in a hidden directory inside it (same volume). */
        @WithDefault("./.local-farm/objects")
        Path root();
    }

    /**
     * Aliyun OSS. Optional members so that the local backend needs none of them; with backend
     * {@code oss} the service refuses to start while one of the required ones is missing.
     */
    interface Oss {

        /**
         * Endpoint file-service reaches OSS at, e.g. {@code https://oss-cn-hangzhou-internal.aliyuncs.com}
         * (the internal endpoint inside the region's VPC costs no traffic). Required.
         */
        Optional<String> endpoint();

        /**
         * Endpoint named in presigned download URLs, what browsers and agents reach (e.g.
         * {@code https://oss-cn-hangzhou.aliyuncs.com}); defaults to {@link #endpoint()}.
         */
        Optional<String> publicEndpoint();

        /** Region id the V4 signatures are scoped to, e.g. {@code cn-hangzhou}. Required. */
        Optional<String> region();

        /** Bucket holding every object. Required. */
        Optional<String> bucket();

        /** AccessKey id (a RAM user's, allowed only on this bucket). Required; give it by Secret. */
        Optional<String> accessKeyId();

        /** AccessKey secret of {@link #accessKeyId()}. Required; give it by Secret. */
        Optional<String> accessKeySecret();

        /**
         * Prepended to every object name, so one bucket can hold several farms ({@code farm-a/});
         * a '/' is added when missing. None by default: keys are the object names.
         */
        Optional<String> keyPrefix();

        /**
         * Uploads stream to OSS in parts of this size, each held in memory while it is sent (and
         * sent again on a transient failure), so one upload holds one part. At least 100K (OSS'
         * smallest part); OSS allows 10,000 parts, so 8M covers objects up to 80 GiB, above the
         * default {@code max-object-size}.
         */
        @WithDefault("8M")
        MemorySize partSize();
    }

    interface Presign {

        /** Lifetime of URLs file-service presigns itself (result downloads). */
        @WithDefault("PT15M")
        Duration defaultExpiry();

        /** Upper bound a caller may ask for; OSS caps presigned URLs at 7 days as well. */
        @WithDefault("P7D")
        Duration maxExpiry();

        /**
         * How often the ids of used upload URLs past their expiry are forgotten (an expired URL is
         * refused by its signature, so its id need not be kept).
         */
        @WithDefault("1h")
        String sweepInterval();

        /**
         * Lease of an upload URL's claim while its body streams, renewed every third of it by the
         * request. A claim whose upload never committed (its process died) can be claimed again once
         * the lease has lapsed; a URL whose upload committed stays spent. Longer than any pause of a
         * live process (garbage collection, a database failover), short enough that the holder of
         * the URL can retry it soon after a crash.
         */
        @WithDefault("PT1M")
        Duration uploadLease();
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

        /**
         * Most expired assets one sweep transaction removes, and most orphaned manifests one sweep
         * releases; the next sweep takes the rest.
         */
        @WithDefault("500")
        int sweepBatch();

        /** Most entries of one manifest ({@code PUT /api/assets/manifests/{taskId}}): at least what a task may list. */
        @WithDefault("20000")
        int maxManifest();

        /**
         * A manifest whose task has not appeared on {@code farm.task-events} this long after its
         * retain is released by the sweep: task-service retains before it commits the task, and a
         * submission that failed after the retain leaves a manifest no event will ever end. Far
         * longer than any submission takes, and than file-service's lag behind the task events.
         */
        @WithDefault("PT1H")
        Duration orphanManifestAfter();
    }

    /** Resumable (multipart) uploads through {@code /api/files/uploads}. */
    interface Uploads {

        /** Part size of an upload whose client names none (raised when 10,000 parts would not hold it). */
        @WithDefault("8M")
        MemorySize partSize();

        /**
         * Largest part size a client may choose. With backend {@code oss} one part is held in memory
         * while it is sent, so this bounds the memory of each part upload in progress.
         */
        @WithDefault("64M")
        MemorySize maxPartSize();

        /** Uploads not completed this long after they were started are aborted and their parts removed. */
        @WithDefault("P1D")
        Duration expireAfter();

        /** How often expired uploads are looked for. */
        @WithDefault("15m")
        String sweepInterval();

        /** Most expired uploads one sweep aborts; the next sweep takes the rest. */
        @WithDefault("100")
        int sweepBatch();

        /**
         * Lease of a completion on its upload, renewed every third of it while the parts are joined,
         * hashed and published. A completion whose process died stops renewing; once its lease has
         * lapsed, a new {@code complete} takes the upload over instead of answering 409 until the
         * upload expires. Independent of how long a join takes (a live completer keeps renewing);
         * longer than any pause of a live process (garbage collection, a database failover).
         */
        @WithDefault("PT1M")
        Duration completionLease();
    }

    /**
     * The store audit ({@code yuntu.file.store-audit}): objects and working files in the store that no
     * table knows (left by a crash or an outage between a row's deletion and its bytes', or by a write
     * that never finished) are removed once they are older than the grace period.
     */
    interface Audit {

        /** How often each replica runs the audit (one at a time across replicas; first run 5 minutes after start). */
        @WithDefault("6h")
        String interval();

        /**
         * Only what was last modified longer ago than this is removed: far longer than any upload, completion
         * or confirmation in progress takes between writing its bytes and recording them.
         */
        @WithDefault("PT24H")
        Duration grace();

        /** Objects per listing page, looked up in the tables with one query. */
        @WithDefault("1000")
        int page();
    }

    /** The archived renderer logs of frame attempts ({@code /api/files/logs}). */
    interface Logs {

        /**
         * How long a task's logs are kept after it ended (completed, failed or cancelled; a retry starts
         * the count again at its next end): long enough to look into a render after its results were
         * downloaded, and logs of thousands of frames are not kept for ever.
         */
        @WithDefault("P30D")
        Duration retention();

        /** How often the logs past their retention are looked for. */
        @WithDefault("1h")
        String sweepInterval();

        /** Most tasks whose logs one sweep removes; the next sweep takes the rest. */
        @WithDefault("100")
        int sweepBatch();

        /**
         * Batches read from the database at a time while a log is streamed: memory of one download is
         * about this many compressed batches (an agent's batch is a few KiB) and one uncompressed one.
         */
        @WithDefault("64")
        int readPage();
    }
}
