package cloud.yuntu.agent;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.frame.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Frame jobs as task-service publishes them, for tests. */
public final class TestJobs {

    private TestJobs() {
    }

    public static FrameJob job(String renderer, FrameRange frames, String camera, String layer, Resolution resolution,
                               String format, String prefix) {
        StoredObject scene = new StoredObject("scenes/20260101/t/shot.ma", 10, "a".repeat(64), "b".repeat(16),
                "c".repeat(32));
        return job(UUID.randomUUID(), new SceneManifest(scene, "shot.ma", List.of()), renderer, frames, camera, layer,
                resolution, format, prefix, 600, null);
    }

    public static FrameJob job(UUID taskId, SceneManifest scene, String renderer, FrameRange frames, String camera,
                               String layer, Resolution resolution, String format, String prefix, long timeoutSeconds,
                               String grant) {
        return new FrameJob(UUID.randomUUID(), Instant.now(), taskId, UUID.randomUUID(), 1, "cpu", frames, scene,
                renderer, camera, layer, resolution, format, prefix, resultKeyPrefix(taskId), timeoutSeconds, grant, List.of());
    }

    /** {@code job} as task-service releases it again for another attempt of its frame. */
    public static FrameJob withAttempt(FrameJob job, int attempt) {
        return new FrameJob(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), attempt, job.pool(),
                job.frames(), job.scene(), job.renderer(), job.camera(), job.layer(), job.resolution(), job.imageFormat(),
                job.outputPrefix(), job.resultKeyPrefix(), job.timeoutSeconds(), job.grant(), job.excludedAgents());
    }

    /** {@code job} naming {@code agents} as blocklisted for its task. */
    public static FrameJob excluding(FrameJob job, String... agents) {
        return new FrameJob(job.id(), job.time(), job.taskId(), job.frameId(), job.attempt(), job.pool(), job.frames(),
                job.scene(), job.renderer(), job.camera(), job.layer(), job.resolution(), job.imageFormat(),
                job.outputPrefix(), job.resultKeyPrefix(), job.timeoutSeconds(), job.grant(), List.of(agents));
    }

    public static String resultKeyPrefix(UUID taskId) {
        return "results/20260101/" + taskId + "/";
    }
}
