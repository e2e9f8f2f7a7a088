package cloud.yuntu.file.audit;

import cloud.yuntu.file.asset.AssetKeys;
import java.util.Optional;

/** The parts of the store an audit looks through, each the {@code area} tag of its metrics. */
public enum AuditArea {

    /** Content-addressed assets, known by {@code file.asset_blob}. */
    ASSETS("assets", AssetKeys.PREFIX),
    /** Scenes, known by the catalogue of stored objects. */
    SCENES("scenes", "scenes/"),
    /** Results, known by the catalogue of stored objects and the confirmed results. */
    RESULTS("results", "results/"),
    /** The store's working area (staging of writes, parts of multipart uploads), known by the resumable uploads. */
    WORK("work", null);

    private final String tag;
    private final String prefix;

    AuditArea(String tag, String prefix) {
        this.tag = tag;
        this.prefix = prefix;
    }

    public String tag() {
        return tag;
    }

    /** The folder of keys listed; empty for the working area. */
    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }
}
