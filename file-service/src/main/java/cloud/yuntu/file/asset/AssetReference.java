package cloud.yuntu.file.asset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An owner's hold on an asset: it exists once the owner uploaded the content themselves, which is
 * what lets a check tell them the content is present, a manifest of theirs name it, and the agents
 * of their tasks read it. Which tasks use a content is {@link ManifestEntry}'s. Written only by
 * {@link AssetReferences}.
 */
@Entity
@Table(name = "asset_reference", schema = "file")
@IdClass(AssetReference.Key.class)
public class AssetReference {

    @Id
    public String owner;

    @Id
    public String sha256;

    @Column(name = "first_uploaded_at", nullable = false)
    public Instant firstUploadedAt;

    @Column(name = "last_uploaded_at", nullable = false)
    public Instant lastUploadedAt;

    /** The composite id: one reference per owner and content. */
    public static class Key implements Serializable {

        public String owner;
        public String sha256;

        public Key() {
        }

        public Key(String owner, String sha256) {
            this.owner = owner;
            this.sha256 = sha256;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(owner, key.owner) && Objects.equals(sha256, key.sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, sha256);
        }
    }
}
