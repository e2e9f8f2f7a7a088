package cloud.yuntu.contracts.frame;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One unit of render work on the lane {@code farm.frame-jobs.<pool>.<renderer>}, key taskId. A job renders one
 * frame or a chunk ({@code frames}); {@code frameId} names the frame row the job reports on.
 * {@code attempt} starts at 1; an event carrying an older attempt than the frame's current
 * one is stale and ignored.
 *
 * @param renderer Maya renderer name as {@code Render -r} takes it (arnold, redshift, vray,
 *        mayaSoftware, ...) or {@code simulate} for the built-in simulated renderer
 * @param camera null to render the scene's renderable cameras
 * @param layer the renderLayer node {@code Render -rl} takes; null for the scene as Maya renders it without {@code -rl}
 * @param outputPrefix {@code -im} image name prefix as Maya takes it: Maya's tokens ({@code <RenderLayer>},
 *        {@code <Camera>}, ...) and {@code /} subfolders allowed, never {@code ..}, absolute or hidden; files
 *        are {@code <expanded prefix>.<frame padded to 4>.<ext>} under the render dir, and each output's
 *        {@code FrameOutput.fileName} is its path relative to the render dir
 * @param resultKeyPrefix where outputs are stored, {@code results/YYYYMMDD/<taskId>/}, fixed by
 *        task-service at submission so a task that renders past midnight keeps one prefix
 * @param timeoutSeconds the agent kills the renderer after this long
 * @param grant what the agent holding this job may do in file-service: a short-lived token
 *        signed by task-service that allows reading the job's scene and writing under its
 *        {@code resultKeyPrefix}, nothing else; the agent sends it with its presign requests
 * @param excludedAgents agents blocklisted for this job's task when it was released: such an agent
 *        hands the job back unrun (a {@link FrameFailed} that task-service does not count against the
 *        frame), so its slot is not spent on a task it keeps failing; empty (or absent on the wire) when none is
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonTypeName(FrameJob.TYPE)
public record FrameJob(
        UUID id,
        Instant time,
        UUID taskId,
        UUID frameId,
        int attempt,
        String pool,
        FrameRange frames,
        SceneManifest scene,
        String renderer,
        String camera,
        String layer,
        Resolution resolution,
        String imageFormat,
        String outputPrefix,
        String resultKeyPrefix,
        long timeoutSeconds,
        String grant,
        List<String> excludedAgents) implements FarmEvent {

    public static final String TYPE = "frame.job.v1";

    public FrameJob {
        excludedAgents = excludedAgents == null ? List.of() : List.copyOf(excludedAgents);
    }
}
