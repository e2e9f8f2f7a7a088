package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.task.tier.Requirements;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the user's request said beyond the scene: every field overrides what the scene analysis
 * finds, null leaves it to the analysis. Kept on the task (column {@code requested}) because
 * the analysis answers later, and shown in the task view as {@code requested}.
 *
 * @param frames a Maya frame list for every layer
 * @param layers the render layers to render (by renderLayer node name); null: every renderable layer
 * @param tier a tier's name; with {@code requirements}, null: the cheapest tier that fits
 * @param allowMissing render although dependencies of the scene are missing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskOverrides(
        String frames,
        String renderer,
        String camera,
        List<String> layers,
        Resolution resolution,
        String imageFormat,
        String outputPrefix,
        String tier,
        Requirements requirements,
        boolean allowMissing) {

    public TaskOverrides {
        layers = layers == null ? null : List.copyOf(layers);
    }

    public static final TaskOverrides NONE = new TaskOverrides(null, null, null, null, null, null, null, null, null, false);
}
