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
 * An owner's hold on an asset. It exists once the owner uploaded the content themselves, which is
 * what lets a check tell them the content is present; {@link #references} counts the owner's
 * manifests (tasks) that use it. Written only by {@link AssetReferences}.
 */
@Entity
@Table(name = "asset_reference", schema = "file")
@IdClass(AssetReference.Key.class)
public class AssetReference {

    @Id
    public String owner;

    @Id
    public String sha256;

    @Column(name = "reference_count", nullable = false)
    public int references;

    @Column(name = "first_used_at", nullable = false)
    public Instant firstUsedAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    /** The reference an upload gives its owner: no manifest uses it yet. */
    static AssetReference uploaded(String owner, String sha256, Instant now) {
        AssetReference reference = new AssetReference();
        reference.owner = owner;
        reference.sha256 = sha256;
        reference.references = 0;
        reference.firstUsedAt = now;
        reference.lastUsedAt = now;
        return reference;
    }

    /** One more manifest of the owner uses the asset. */
    void retain(Instant now) {
        references++;
        lastUsedAt = now;
    }

    /**
     * One manifest of the owner no longer uses the asset. Releasing more often than retaining
     * (a redelivered release) leaves the count at zero rather than below.
     */
    void release(Instant now) {
        if (references > 0) {
            references--;
        }
        lastUsedAt = now;
    }

    boolean inUse() {
        return references > 0;
    }

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
