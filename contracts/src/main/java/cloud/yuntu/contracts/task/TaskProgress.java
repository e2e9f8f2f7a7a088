package cloud.yuntu.contracts.task;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * @param percent frames done / frames total, 0..100; never decreases for one task
 * @param etaSeconds null until enough frames finished to estimate
 */
@JsonTypeName("task.progress.v1")
public record TaskProgress(
        UUID id,
        Instant time,
        UUID taskId,
        String userId,
        int framesDone,
        int framesFailed,
        int framesTotal,
        double percent,
        Long etaSeconds,
        Cost costSoFar) implements TaskEvent {
}
