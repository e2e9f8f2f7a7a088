package cloud.yuntu.task.lifecycle;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * The body of {@code POST /api/tasks}. Only {@code sceneKey} is required: everything else the
 * scene analysis finds, and what is given here overrides it. Field-level rules live here; the
 * frame list, names, the output prefix and the scene key's form are checked by
 * {@link SubmissionChecks}, the tier by {@link cloud.yuntu.task.tier.TierChoice}.
 *
 * @param frames Maya-style frame list for every layer, see {@link cloud.yuntu.task.frame.FrameList}
 * @param layers render layers to render, by renderLayer node name; absent: every renderable layer
 * @param outputPrefix Maya's image prefix ({@code Render -im}): Maya tokens and {@code /} folders
 *        allowed, never {@code ..}, an absolute path or a segment starting with {@code .}
 * @param tier a tier's name; absent: the cheapest tier that fits {@code requirements} and the scene
 * @param priority 0..100, higher renders first; 50 when absent
 * @param maxAttempts attempts per frame before it is DEAD; 3 when absent
 * @param allowMissing render although files the scene needs are missing; false when absent
 * @param testFrames {@code auto} (each layer's first, middle and last frame), a frame list, or an array of
 *        frame numbers ({@link TestFramesJson}): they render first
 * @param stopAfterTest a test frame that dies fails the task before its other frames spend anything
 * @param approveAfterTest the task waits in AWAITING_APPROVAL with its estimate after the test frames
 * @param budget most the task may cost, in its tier's currency: it pauses before passing it
 * @param chunkSize consecutive frames of a layer one job renders, 1..100; 1 when absent
 * @param assets the project's files besides the scene, uploaded to {@code PUT /api/assets/{sha256}}: each
 *        where the scene expects it, relative to the scene's folder ({@link cloud.yuntu.task.project.ProjectFiles});
 *        the analysis reports the scene's dependencies none of them covers as missing
 */
public record SubmitTaskRequest(
        @NotBlank(message = "is required") @Size(max = 1023) String sceneKey,
        @Size(max = 4096) String frames,
        @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}", message = "must be a renderer name such as arnold or simulate")
        String renderer,
        @Size(max = 64) String tier,
        @Valid RequirementsRequest requirements,
        @Size(max = 255) String camera,
        @Size(max = 100, message = "must name at most 100 layers") List<String> layers,
        @Valid ResolutionRequest resolution,
        @Pattern(regexp = "[A-Za-z0-9]{2,8}", message = "must be an image format such as png, exr or jpg")
        String imageFormat,
        @Size(max = 1023) String outputPrefix,
        @Min(value = 0, message = "must be between 0 and 100") @Max(value = 100, message = "must be between 0 and 100")
        Integer priority,
        @Min(value = 1, message = "must be between 1 and 10") @Max(value = 10, message = "must be between 1 and 10")
        Integer maxAttempts,
        Boolean allowMissing,
        @JsonDeserialize(using = TestFramesJson.class) @Size(max = 4096) String testFrames,
        Boolean stopAfterTest,
        Boolean approveAfterTest,
        @DecimalMin(value = "0.0001", message = "must be at least 0.0001")
        @Digits(integer = 8, fraction = 4, message = "must have at most 8 digits before the point and 4 after") BigDecimal budget,
        @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100, message = "must be between 1 and 100")
        Integer chunkSize,
        List<AssetRequest> assets) {

    public static final int DEFAULT_PRIORITY = 50;

    /** A project file; {@link cloud.yuntu.task.project.ProjectFiles} checks it. */
    public record AssetRequest(String path, String sha256, Long size) {
    }
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public record ResolutionRequest(
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
            @Max(value = 32768, message = "must be at most 32768") Integer width,
            @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
            @Max(value = 32768, message = "must be at most 32768") Integer height) {
    }

    /** Minimum hardware; each field absent asks nothing. */
    public record RequirementsRequest(
            @Min(value = 1, message = "must be at least 1") @Max(value = 65536, message = "must be at most 65536") Integer ramGb,
            @Min(value = 0, message = "must be at least 0") @Max(value = 64, message = "must be at most 64") Integer gpus,
            @Min(value = 1, message = "must be at least 1") @Max(value = 4096, message = "must be at most 4096") Integer gpuMemoryGb) {
    }
}
