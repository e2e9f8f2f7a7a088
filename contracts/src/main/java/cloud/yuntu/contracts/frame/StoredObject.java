package cloud.yuntu.contracts.frame;

/**
 * An object in file-service storage with the digests that identify and verify it:
 * sha256 is identity, xxh64 the fast transfer check, md5 what OSS wants for ETag. All
 * lowercase hex; see {@link cloud.yuntu.contracts.digest.ContentDigest}.
 */
public record StoredObject(String key, long size, String sha256, String xxh64, String md5) {
}
