package cloud.yuntu.contracts.task;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

@JsonTypeName("task.status.v1")
public record TaskStatusChanged(
        UUID id, Instant time, UUID taskId, String userId, TaskStatus from, TaskStatus to, String reason)
        implements TaskEvent {
}
