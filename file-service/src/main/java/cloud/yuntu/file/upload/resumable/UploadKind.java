package cloud.yuntu.file.upload.resumable;

import java.util.Locale;
import java.util.Optional;

/** What a resumable upload becomes once complete. */
public enum UploadKind {
    /** A scene under {@code scenes/YYYYMMDD/<sceneId>/<file>}, owned by the uploader. */
    SCENE,
    /** A content-addressed asset under {@code assets/sha256/<hex>}, the uploader's reference recorded. */
    ASSET;

    /** The name in the API: {@code scene}, {@code asset}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<UploadKind> fromWire(String name) {
        for (UploadKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
