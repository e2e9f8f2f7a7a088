package cloud.yuntu.file.upload.resumable;

/** Where a resumable upload stands. Only {@link #ACTIVE} uploads take parts; only they and {@link #COMPLETING} ones are shown. */
public enum UploadStatus {
    /** Taking parts. */
    ACTIVE,
    /** One completion is joining, hashing and publishing it; back to {@link #ACTIVE} if that fails. */
    COMPLETING,
    /** Published; kept until its expiry so that a repeated completion answers the same object. */
    COMPLETED,
    /** Aborted by its uploader, by a digest mismatch or by expiry; its stored parts are being removed. */
    ABORTED
}
