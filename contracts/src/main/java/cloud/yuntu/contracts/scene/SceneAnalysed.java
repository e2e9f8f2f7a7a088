package cloud.yuntu.contracts.scene;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.UUID;

@JsonTypeName("scene.analysed.v1")
public record SceneAnalysed(UUID id, Instant time, String sceneKey, UUID taskId, SceneReport report)
        implements SceneAnalysisResult {
}
