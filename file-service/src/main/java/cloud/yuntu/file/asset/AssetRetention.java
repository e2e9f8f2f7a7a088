package cloud.yuntu.file.asset;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an asset may go: no manifest of any owner uses it, and it has been so for the whole
 * retention period. Owners who merely uploaded it hold no manifest reference; their upload
 * restarted the period (see {@link AssetBlobs#recordUpload}).
 */
public record AssetRetention(Duration period) {

    public AssetRetention {
        Objects.requireNonNull(period, "period");
        if (period.isNegative()) {
            throw new IllegalArgumentException("the retention period must not be negative: " + period);
        }
    }

    /** Blobs unreferenced at or before this instant are past their retention. */
    public Instant cutoff(Instant now) {
        return now.minus(period);
    }

    /**
     * @param unreferencedSince since when no manifest uses the asset; null while one does
     * @param inUse whether some owner's reference still counts a manifest (a stale
     *     {@code unreferencedSince} never outweighs a live reference)
     */
    public boolean removable(Instant unreferencedSince, boolean inUse, Instant now) {
        return !inUse && unreferencedSince != null && !unreferencedSince.isAfter(cutoff(now));
    }
}
