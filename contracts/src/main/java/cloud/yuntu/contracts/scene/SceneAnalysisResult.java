package cloud.yuntu.contracts.scene;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/** scene-service's answer on {@code farm.scene-results}, key sceneKey. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(SceneAnalysed.class),
        @JsonSubTypes.Type(SceneAnalysisFailed.class)
})
public sealed interface SceneAnalysisResult extends FarmEvent permits SceneAnalysed, SceneAnalysisFailed {

    String sceneKey();

    UUID taskId();
}
