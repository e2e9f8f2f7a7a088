package cloud.yuntu.file.upload.resumable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A part the store holds whole for an upload, as it was received. Written only by {@link ReceivedParts}. */
@Entity
@Table(name = "upload_part", schema = "file")
@IdClass(ReceivedPart.Key.class)
public class ReceivedPart {

    @Id
    @Column(name = "upload_id")
    public UUID uploadId;

    @Id
    @Column(name = "part_number")
    public int partNumber;

    @Column(nullable = false)
    public long size;

    /** MD5 of the part's bytes, 32 lowercase hex digits. */
    @Column(nullable = false)
    public String md5;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static class Key implements Serializable {

        public UUID uploadId;
        public int partNumber;

        public Key() {
        }

        public Key(UUID uploadId, int partNumber) {
            this.uploadId = uploadId;
            this.partNumber = partNumber;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(uploadId, key.uploadId) && partNumber == key.partNumber;
        }

        @Override
        public int hashCode() {
            return Objects.hash(uploadId, partNumber);
        }
    }
}
