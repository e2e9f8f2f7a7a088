package cloud.yuntu.scene.api;

import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * Analyse a scene already stored by file-service.
 *
 * @param key the storage key, e.g. {@code scenes/20260101/<taskId>/shot.ma}
 * @param uploadedPaths files uploaded beside the scene, relative to its folder; null = not checked
 */
public record AnalyseByKey(@NotBlank String key, List<String> uploadedPaths) {
}
