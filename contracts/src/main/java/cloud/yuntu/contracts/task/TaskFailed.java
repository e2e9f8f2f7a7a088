package cloud.yuntu.contracts.task;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

@JsonTypeName("task.failed.v1")
public record TaskFailed(UUID id, Instant time, UUID taskId, String userId, String reason)
        implements TaskEvent {
}
