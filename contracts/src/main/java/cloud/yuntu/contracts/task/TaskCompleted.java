package cloud.yuntu.contracts.task;

import cloud.yuntu.contracts.frame.FrameOutput;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JsonTypeName("task.completed.v1")
public record TaskCompleted(
        UUID id,
        Instant time,
        UUID taskId,
        String userId,
        List<FrameOutput> outputs,
        double durationSeconds,
        Cost cost) implements TaskEvent {

    public TaskCompleted {
        outputs = List.copyOf(outputs);
    }
}
