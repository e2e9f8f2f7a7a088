package cloud.yuntu.contracts.scene;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

/**
 * @param code machine-readable cause, e.g. {@code truncated}, {@code not-a-maya-file}
 * @param offset byte offset in the file where parsing stopped, null when not a parse error
 */
@JsonTypeName("scene.analysis-failed.v1")
public record SceneAnalysisFailed(
        UUID id, Instant time, String sceneKey, UUID taskId, String code, String message, Long offset)
        implements SceneAnalysisResult {
}
