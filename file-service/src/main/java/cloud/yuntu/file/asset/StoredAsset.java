package cloud.yuntu.file.asset;

/** The answer of {@code PUT /api/assets/{sha256}}: what was computed from the body while storing it. */
public record StoredAsset(String sha256, long size, String xxh64) {
}
