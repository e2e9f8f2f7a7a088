package cloud.yuntu.task.task;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/tasks}. Field-level rules live here; the frame list, the scene
 * key's form, the tier and the scene's existence are checked by {@link TaskSubmission}.
 *
 * @param frames Maya-style frame list, see {@link cloud.yuntu.task.frame.FrameList}
 * @param outputPrefix image name prefix; a plain name, never a path
 * @param priority 0..100, higher renders first; 50 when absent
 * @param maxAttempts attempts per frame before it is DEAD; 3 when absent
 */
public record SubmitTaskRequest(
        @NotBlank(message = "is required") @Size(max = 1023) String sceneKey,
        @NotBlank(message = "is required") @Size(max = 4096) String frames,
        @NotBlank(message = "is required")
        @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}", message = "must be a renderer name such as arnold or simulate")
        String renderer,
        @NotBlank(message = "is required") @Size(max = 64) String tier,
        @Size(max = 255) String camera,
        @Size(max = 255) String layer,
        @Valid ResolutionRequest resolution,
        @Pattern(regexp = "[A-Za-z0-9]{2,8}", message = "must be an image format such as png, exr or jpg")
        String imageFormat,
        @Pattern(regexp = "[A-Za-z0-9_.-]{1,128}", message = "must be a file name prefix without a path")
        String outputPrefix,
        @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100")
        Integer priority,
        @Min(value = 1, message = "must be between 1 and 10") @Max(value = 10, message = "must be between 1 and 10")
        Integer maxAttempts) {

    public static final String DEFAULT_IMAGE_FORMAT = "png";
    public static final int DEFAULT_PRIORITY = 50;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public record ResolutionRequest(
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
            @Max(value = 32768, message = "must be at most 32768") Integer width,
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
            @Max(value = 32768, message = "must be at most 32768") Integer height) {
    }
}
