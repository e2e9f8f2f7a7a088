package cloud.yuntu.contracts.task;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * A task finished every frame. It names how many outputs there are, never the outputs themselves:
 * a task of 100,000 frames would make a record far beyond Kafka's limit and stall the outbox for
 * every task. Clients page the outputs from {@code GET /api/files/results/{taskId}}.
 *
 * @param outputCount verified image files the task produced
 * @param outputBytes their total size
 */
@JsonTypeName("task.completed.v2")
public record TaskCompleted(
        UUID id,
        Instant time,
        UUID taskId,
        String userId,
        long outputCount,
        long outputBytes,
        double durationSeconds,
        Cost cost) implements TaskEvent {
}
