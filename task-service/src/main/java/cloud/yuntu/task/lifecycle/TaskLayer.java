package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.Resolution;
import java.util.UUID;

/**
 * One render layer of a task, a row of {@code task.task_layer}: what its frames render, as the
 * scene analysis found it and the user's request overrode it.
 *
 * @param name the renderLayer node {@code Render -rl} takes; empty for the scene as Maya renders it without {@code -rl}
 * @param camera null for the layer's renderable cameras
 * @param outputPrefix {@code Render -im}, Maya's tokens allowed; null for Maya's default
 */
public record TaskLayer(
        UUID taskId,
        String name,
        String renderer,
        String camera,
        Resolution resolution,
        String imageFormat,
        String outputPrefix,
        String framesSpec,
        int framesTotal) {
}
