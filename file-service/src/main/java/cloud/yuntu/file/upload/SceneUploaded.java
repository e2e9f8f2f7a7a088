package cloud.yuntu.file.upload;

/** The answer to a scene upload: the key tasks refer to the scene by, and its digests. */
public record SceneUploaded(String key, long size, String sha256, String xxh64, String md5) {
}
