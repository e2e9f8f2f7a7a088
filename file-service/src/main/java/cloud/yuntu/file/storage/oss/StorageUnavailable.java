package cloud.yuntu.file.storage.oss;

import cloud.yuntu.platform.problem.ProblemException;
import java.util.List;

/**
 * OSS answered 5xx, refused bytes damaged on the way, or could not be reached. Retried by
 * {@link OssOperations}; once the retries are spent it reaches the caller as 503 problem+json.
 */
public class StorageUnavailable extends ProblemException {

    public StorageUnavailable(String operation, Throwable cause) {
        super(503, "object-storage-unavailable", "Service unavailable",
                "object storage is unavailable (" + operation + "): " + cause.getMessage(), List.of());
        initCause(cause);
    }
}
