package cloud.yuntu.file.asset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One stored content, whoever uploaded it: its bytes live once under {@code assets/sha256/<hex>}.
 * Written only by {@link AssetBlobs}.
 */
@Entity
@Table(name = "asset_blob", schema = "file")
public class AssetBlob {

    @Id
    public String sha256;

    public long size;

    public String xxh64;

    public String md5;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Since when no manifest of any owner references it; null while one does. */
    @Column(name = "unreferenced_since")
    public Instant unreferencedSince;

}
