package cloud.yuntu.file.result;

import java.net.URI;

/** A downloadable output of a task; {@code url} is a presigned GET. */
public record ResultFile(int frame, String fileName, String key, long size, String sha256, String xxh64, String md5,
        URI url) {
}
