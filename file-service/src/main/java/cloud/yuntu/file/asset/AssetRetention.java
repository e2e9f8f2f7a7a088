package cloud.yuntu.file.asset;

import cloud.yuntu.file.FileConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an asset may go: no task's manifest holds it, and it has been so for the whole retention
 * period. Owners who merely uploaded it hold no manifest; their upload restarted the period (see
 * {@link AssetBlobs#recordUpload}). And when a manifest is an orphan: its task was not announced
 * within {@code orphanManifestAfter} of the retain.
 */
public record AssetRetention(Duration period, Duration orphanManifestAfter) {

    public AssetRetention {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(orphanManifestAfter, "orphanManifestAfter");
        if (period.isNegative()) {
            throw new IllegalArgumentException("the retention period must not be negative: " + period);
        }
        if (orphanManifestAfter.isNegative()) {
            throw new IllegalArgumentException("orphan-manifest-after must not be negative: " + orphanManifestAfter);
        }
    }

    static AssetRetention of(FileConfig.Assets config) {
        return new AssetRetention(config.retention(), config.orphanManifestAfter());
    }

    /** Blobs unreferenced at or before this instant are past their retention. */
    public Instant cutoff(Instant now) {
        return now.minus(period);
    }

    /** Manifests retained at or before this instant whose task is still unknown are orphans. */
    public Instant orphanCutoff(Instant now) {
        return now.minus(orphanManifestAfter);
    }

    /**
     * @param unreferencedSince since when no manifest holds the asset; null while one does
     * @param inUse whether some task's manifest holds it (a stale {@code unreferencedSince} never
     *     outweighs a live manifest)
     */
    public boolean removable(Instant unreferencedSince, boolean inUse, Instant now) {
        return !inUse && unreferencedSince != null && !unreferencedSince.isAfter(cutoff(now));
    }
}
