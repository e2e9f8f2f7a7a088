package cloud.yuntu.file.storage;

import java.util.Optional;

/**
 * What the catalogues know of a key about to be written: whether an object is stored under it and,
 * for a result, the SHA-256 its confirmation recorded.
 */
public record ExistingObject(boolean stored, Optional<String> confirmedSha256) {

    public static final ExistingObject NONE = new ExistingObject(false, Optional.empty());
}
