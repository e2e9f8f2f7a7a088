package cloud.yuntu.file.result;

import cloud.yuntu.contracts.frame.StoredObject;
import java.util.UUID;

/** One output of a frame whose completion was reported; the object was verified by the agent's upload. */
public record ConfirmedResult(UUID taskId, UUID frameId, int attempt, int frame, String fileName, StoredObject object) {
}
