package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.task.frame.FrameList;
import cloud.yuntu.task.project.ProjectFiles;
import cloud.yuntu.task.scene.SceneKey;
import cloud.yuntu.task.tier.Requirements;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of a submission that need no database and no other service: every field at fault
 * is named at once, and a request that fails any of them writes nothing. A pure rule.
 */
public final class SubmissionChecks {

    private SubmissionChecks() {
    }

    /**
     * @param errors every field at fault; empty when the request may go on
     * @param frames the parsed frame list, null when none was given or it is at fault
     * @param overrides the request as kept on the task (valid only when {@code errors} is empty)
     */
    /** @param assets the project's files besides the scene; null when the request listed none */
    public record Checked(List<FieldError> errors, Optional<SceneKey> sceneKey, FrameList frames, TaskOverrides overrides,
            RunPolicy policy, List<SceneManifest.Asset> assets) {
    }

    /** @param maxFrames most frames a frame list may expand to at all */
    public static Checked check(SubmitTaskRequest r, int maxFrames) {
        List<FieldError> errors = new ArrayList<>();
        safe(errors, "sceneKey", r.sceneKey());
        safe(errors, "frames", r.frames());
        safe(errors, "renderer", r.renderer());
        safe(errors, "tier", r.tier());
        safe(errors, "camera", r.camera());
        safe(errors, "imageFormat", r.imageFormat());

        Optional<SceneKey> sceneKey = SceneKey.parse(r.sceneKey());
        if (sceneKey.isEmpty() && !RenderNames.unsafe(r.sceneKey())) {
            errors.add(new FieldError("sceneKey", "must be a scene key scenes/YYYYMMDD/<sceneId>/<file> as file-service returned it"));
        }

        FrameList frames = null;
        if (r.frames() != null && !RenderNames.unsafe(r.frames())) {
            try {
                frames = FrameList.parse(r.frames(), maxFrames);
            } catch (FrameList.InvalidFrameList e) {
                errors.add(new FieldError("frames", e.getMessage()));
            }
        }

        if (r.camera() != null && r.camera().isBlank()) {
            errors.add(new FieldError("camera", "must not be blank; leave it out for the scene's renderable cameras"));
        }
        if (r.tier() != null && r.tier().isBlank()) {
            errors.add(new FieldError("tier", "must not be blank; leave it out for the cheapest tier that fits"));
        }

        if (r.layers() != null) {
            if (r.layers().isEmpty()) {
                errors.add(new FieldError("layers", "must name at least one layer; leave it out for every renderable layer"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < r.layers().size(); i++) {
                String layer = r.layers().get(i);
                String field = "layers[" + i + "]";
                if (layer == null || layer.isBlank()) {
                    errors.add(new FieldError(field, "must be a render layer's name"));
                } else if (RenderNames.unsafe(layer)) {
                    errors.add(new FieldError(field, "must not contain control characters"));
                } else if (layer.length() > RenderNames.MAX_NAME) {
                    errors.add(new FieldError(field, "must be at most " + RenderNames.MAX_NAME + " characters"));
                } else if (!seen.add(layer)) {
                    errors.add(new FieldError(field, "names layer \"" + layer + "\" twice"));
                }
            }
        }

        if (r.outputPrefix() != null) {
            RenderNames.prefixProblem(r.outputPrefix()).ifPresent(problem -> errors.add(new FieldError("outputPrefix", problem)));
        }

        safe(errors, "testFrames", r.testFrames());
        String testFrames = r.testFrames() == null ? null : r.testFrames().strip();
        if (testFrames != null && !RenderNames.unsafe(testFrames)) {
            testFrameErrors(errors, testFrames, frames);
        }
        if (testFrames == null && Boolean.TRUE.equals(r.approveAfterTest())) {
            errors.add(new FieldError("approveAfterTest", "needs testFrames (auto, or a frame list) to approve"));
        }
        if (testFrames == null && Boolean.TRUE.equals(r.stopAfterTest())) {
            errors.add(new FieldError("stopAfterTest", "needs testFrames (auto, or a frame list) to stop after"));
        }
        RunPolicy policy = new RunPolicy(TestFrames.isAuto(testFrames) ? TestFrames.AUTO : testFrames,
                Boolean.TRUE.equals(r.stopAfterTest()), Boolean.TRUE.equals(r.approveAfterTest()), r.budget(),
                r.chunkSize() == null ? 1 : r.chunkSize());

        Resolution resolution = r.resolution() == null || r.resolution().width() == null || r.resolution().height() == null
                ? null : new Resolution(r.resolution().width(), r.resolution().height());
        Requirements requirements = r.requirements() == null ? null
                : new Requirements(r.requirements().ramGb(), r.requirements().gpus(), r.requirements().gpuMemoryGb());
        TaskOverrides overrides = new TaskOverrides(
                r.frames() == null ? null : r.frames().strip(), r.renderer(), r.camera(), r.layers(), resolution,
                r.imageFormat() == null ? null : r.imageFormat().toLowerCase(java.util.Locale.ROOT), r.outputPrefix(),
                r.tier() == null ? null : r.tier().strip(), requirements, Boolean.TRUE.equals(r.allowMissing()));
        List<SceneManifest.Asset> assets = null;
        if (r.assets() != null) {
            List<ProjectFiles.Requested> files = r.assets().stream()
                    .map(a -> a == null ? null : new ProjectFiles.Requested(a.path(), a.sha256(), a.size())).toList();
            List<FieldError> assetErrors = ProjectFiles.check(files);
            errors.addAll(assetErrors);
            assets = assetErrors.isEmpty() ? ProjectFiles.manifest(files) : null;
        }
        return new Checked(List.copyOf(errors), sceneKey, frames, overrides, policy, assets);
    }

    /**
     * A test frame list must parse, and when the request names the task's frames, lie within them; a
     * task whose frames come from the scene is checked when the analysis answers (it fails then).
     */
    private static void testFrameErrors(List<FieldError> errors, String testFrames, FrameList frames) {
        if (testFrames.isEmpty()) {
            errors.add(new FieldError("testFrames", "must be auto or a frame list such as 1,50,100; leave it out for none"));
            return;
        }
        if (TestFrames.isAuto(testFrames)) {
            return;
        }
        try {
            TestFrames.listed(testFrames);
        } catch (FrameList.InvalidFrameList e) {
            errors.add(new FieldError("testFrames", "must be auto or a frame list of at most " + TestFrames.MAX
                    + " frames: " + e.getMessage()));
            return;
        }
        if (frames != null) {
            List<Integer> outside = TestFrames.outside(testFrames, List.of(frames.numbers()));
            if (!outside.isEmpty()) {
                errors.add(new FieldError("testFrames", "frames " + outside.stream().limit(10).map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + " are outside the task's frames"));
            }
        }
    }

    private static void safe(List<FieldError> errors, String field, String value) {
        if (RenderNames.unsafe(value)) {
            errors.add(new FieldError(field, "must not contain control characters (NUL, newline, ...)"));
        }
    }
}
