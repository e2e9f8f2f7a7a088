package cloud.yuntu.file.asset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One content a task's manifest holds: while a row names a content, it is never swept. One row
 * per task and content, however many paths of the project map to it, so retaining a manifest
 * twice or releasing it twice changes nothing. Written only by {@link AssetManifests}, set-based.
 */
@Entity
@Table(name = "asset_manifest", schema = "file")
@IdClass(ManifestEntry.Key.class)
public class ManifestEntry {

    @Id
    @Column(name = "task_id")
    public UUID taskId;

    @Id
    public String sha256;

    /** The task's owner, who uploaded the content. */
    public String owner;

    /** When file-service received the retain (its own clock): the orphan sweep counts from it. */
    @Column(name = "retained_at", nullable = false)
    public Instant retainedAt;

    /**
     * When the task's service decided the hold, in the clock of the task events: an end of the task
     * at or after it releases the row, an earlier one (redelivered) does not. Null: any end does.
     */
    @Column(name = "held_from")
    public Instant heldFrom;

    static ManifestEntry of(UUID taskId, String sha256, String owner, Instant now) {
        return of(taskId, sha256, owner, now, null);
    }

    static ManifestEntry of(UUID taskId, String sha256, String owner, Instant now, Instant heldFrom) {
        ManifestEntry entry = new ManifestEntry();
        entry.taskId = taskId;
        entry.sha256 = sha256;
        entry.owner = owner;
        entry.retainedAt = now;
        entry.heldFrom = heldFrom;
        return entry;
    }

    /** The composite id: one row per task and content. */
    public static class Key implements Serializable {

        public UUID taskId;
        public String sha256;

        public Key() {
        }

        public Key(UUID taskId, String sha256) {
            this.taskId = taskId;
            this.sha256 = sha256;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(taskId, key.taskId) && Objects.equals(sha256, key.sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(taskId, sha256);
        }
    }
}
