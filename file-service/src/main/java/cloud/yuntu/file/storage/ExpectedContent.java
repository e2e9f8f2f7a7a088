package cloud.yuntu.file.storage;

/**
 * What an upload promised to send (bound into its presigned URL): exactly {@code size} bytes whose
 * SHA-256 is {@code sha256}. Anything else is not stored.
 */
public record ExpectedContent(long size, String sha256) {
}
