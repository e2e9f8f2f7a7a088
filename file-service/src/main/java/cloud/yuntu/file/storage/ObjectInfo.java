package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.frame.StoredObject;
import java.time.Instant;

/** A stored object as the catalog knows it; {@code createdAt} is when this version was committed. */
public record ObjectInfo(String key, long size, String sha256, String xxh64, String md5, Instant createdAt) {

    public StoredObject object() {
        return new StoredObject(key, size, sha256, xxh64, md5);
    }
}
