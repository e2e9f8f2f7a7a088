package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.task.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The job an agent receives for one frame's attempt. One job renders one frame for now. */
final class FrameJobs {

    private FrameJobs() {
    }

    static FrameJob of(Task task, UUID frameId, int frameNumber, int attempt, Duration timeout) {
        // Assets come with scene analysis; until then the scene travels alone.
        SceneManifest manifest = new SceneManifest(task.scene(), task.sceneFileName(), List.of());
        return new FrameJob(UUID.randomUUID(), Instant.now(), task.id(), frameId, attempt, task.pool(),
                FrameRange.single(frameNumber), manifest, task.renderer(), task.camera(), task.layer(),
                task.resolution(), task.imageFormat(), task.outputPrefix(), task.resultKeyPrefix(), timeout.toSeconds(),
                null);
    }
}
