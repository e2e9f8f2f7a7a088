package cloud.yuntu.task.lifecycle;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import java.math.BigDecimal;

/**
 * The body of {@code PATCH /api/tasks/{id}}: what may change while a task runs; a field left out
 * stays as it is, and at least one is given.
 *
 * @param priority 0..100, higher renders first
 * @param budget most the task may cost, in its currency; never below what it has cost already
 */
public record TaskChange(
        @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100")
        Integer priority,
        @DecimalMin(value = "0.0001", message = "must be at least 0.0001")
        @Digits(integer = 8, fraction = 4, message = "must have at most 8 digits before the point and 4 after")
        BigDecimal budget) {
}
