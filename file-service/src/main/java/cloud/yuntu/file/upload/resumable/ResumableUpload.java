package cloud.yuntu.file.upload.resumable;

import cloud.yuntu.contracts.frame.StoredObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One resumable upload: what it will become, how it is cut, where it stands. Written only by {@link ResumableUploads}. */
@Entity
@Table(name = "resumable_upload", schema = "file")
public class ResumableUpload {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String owner;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public UploadKind kind;

    /** The scene's file name as the client gave it; null for assets. */
    @Column(name = "file_name")
    public String fileName;

    /** The SHA-256 the client declared (an asset's name), checked at completion; null when none. */
    @Column(name = "declared_sha256")
    public String declaredSha256;

    @Column(nullable = false)
    public long size;

    @Column(name = "part_size", nullable = false)
    public long partSize;

    @Column(name = "part_count", nullable = false)
    public int partCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public UploadStatus status;

    /** The store's reference to the upload's parts ({@link cloud.yuntu.file.storage.MultipartStore}). */
    @Column(name = "store_upload", nullable = false)
    public String storeUpload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /**
     * The key the upload publishes to, chosen at its first completion and kept, so that a completion
     * run again (after a failure or a crash) publishes or finds the same object; once completed, the
     * published object's key.
     */
    @Column(name = "object_key")
    public String objectKey;

    /** While {@link UploadStatus#COMPLETING}: the process and attempt completing it ({@code Leases.newHolder()}). */
    @Column(name = "completion_holder")
    public String completionHolder;

    @Column(name = "completing_since")
    public Instant completingSince;

    /** While {@link UploadStatus#COMPLETING}: renewed by a live completer; once past, another completion may take over. */
    @Column(name = "completion_lease_until")
    public Instant completionLeaseUntil;

    /** Once completed: the published object's digests. */
    @Column(name = "object_sha256")
    public String objectSha256;

    @Column(name = "object_xxh64")
    public String objectXxh64;

    @Column(name = "object_md5")
    public String objectMd5;

    static ResumableUpload start(UUID id, String owner, InitiateRequest.Plan plan, String storeUpload, Instant now,
            Instant expiresAt) {
        ResumableUpload upload = new ResumableUpload();
        upload.id = id;
        upload.owner = owner;
        upload.kind = plan.kind();
        upload.fileName = plan.fileName();
        upload.declaredSha256 = plan.sha256();
        upload.size = plan.layout().size();
        upload.partSize = plan.layout().partSize();
        upload.partCount = plan.layout().partCount();
        upload.status = UploadStatus.ACTIVE;
        upload.storeUpload = storeUpload;
        upload.createdAt = now;
        upload.expiresAt = expiresAt;
        return upload;
    }

    PartLayout layout() {
        return new PartLayout(size, partSize, partCount);
    }

    /** Whether its uploader may see it at {@code now}: taking parts or being completed, and not expired. */
    boolean openFor(String caller, Instant now) {
        return owner.equals(caller) && (status == UploadStatus.ACTIVE || status == UploadStatus.COMPLETING)
                && now.isBefore(expiresAt);
    }

    /** The object a completion published; only for {@link UploadStatus#COMPLETED}. */
    StoredObject published() {
        return new StoredObject(objectKey, size, objectSha256, objectXxh64, objectMd5);
    }
}
