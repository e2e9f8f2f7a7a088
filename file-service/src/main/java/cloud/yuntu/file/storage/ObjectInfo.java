package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.frame.StoredObject;
import java.time.Instant;

/**
 * A stored object as the catalog knows it; {@code createdAt} is when this version was committed.
 *
 * @param owner the user the object belongs to: who uploaded it, or for a task's result the task's
 *        owner; null when nobody's (written by an admin or service through a presigned URL), which
 *        only admins and services see
 */
public record ObjectInfo(String key, long size, String sha256, String xxh64, String md5, Instant createdAt,
        String owner) {

    public StoredObject object() {
        return new StoredObject(key, size, sha256, xxh64, md5);
    }
}
