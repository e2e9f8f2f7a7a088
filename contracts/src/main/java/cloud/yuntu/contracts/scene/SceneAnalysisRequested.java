package cloud.yuntu.contracts.scene;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Ask scene-service to analyse a stored scene, on {@code farm.scene-analysis}, key sceneKey.
 *
 * @param taskId the task waiting for the answer, null for an analysis on its own
 * @param uploadedPaths paths (relative to the scene's folder) of the files the user uploaded
 *        beside the scene; dependencies not among them are reported missing. Null: do not check
 *        dependencies at all; an empty list: nothing was uploaded, every dependency is missing
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(SceneAnalysisRequested.TYPE)
public record SceneAnalysisRequested(
        UUID id, Instant time, String sceneKey, UUID taskId, List<String> uploadedPaths)
        implements FarmEvent {

    public static final String TYPE = "scene.analysis.requested.v1";

    public SceneAnalysisRequested {
        uploadedPaths = uploadedPaths == null ? null : List.copyOf(uploadedPaths);
    }
}
