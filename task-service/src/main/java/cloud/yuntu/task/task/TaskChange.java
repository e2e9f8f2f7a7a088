package cloud.yuntu.task.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code PATCH /api/tasks/{id}}: what may change while a task runs.
 *
 * @param priority 0..100, higher renders first
 */
public record TaskChange(
        @NotNull(message = "is required")
        @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100")
        Integer priority) {
}
