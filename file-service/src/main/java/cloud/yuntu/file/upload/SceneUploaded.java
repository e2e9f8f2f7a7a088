package cloud.yuntu.file.upload;

import java.util.UUID;

public record SceneUploaded(UUID taskId, String key, long size, String sha256, String xxh64, String md5) {
}
