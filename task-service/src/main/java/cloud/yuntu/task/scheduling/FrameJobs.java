package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameRange;
import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.platform.identity.JobGrant;
import cloud.yuntu.task.lifecycle.Task;
import cloud.yuntu.task.lifecycle.TaskLayer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The job an agent receives for one attempt of a frame or a chunk of frames. */
final class FrameJobs {

    /** Beyond the start and render time limits, time left to upload the outputs. */
    static final Duration UPLOAD_MARGIN = Duration.ofMinutes(10);

    private FrameJobs() {
    }

    /**
     * What the agent holding a job of this task may do in file-service: read its scene and the
     * project files its owner uploaded, write its results.
     */
    static JobGrant grantOf(Task task) {
        return new JobGrant(task.id(), task.userId(), task.scene().key(), task.resultKeyPrefix());
    }

    /**
     * How long a job's grant lasts: the job may wait to be started, render up to its time limit,
     * and then upload; a grant expiring earlier would fail a job that did nothing wrong.
     */
    static Duration grantLifetime(Duration startTimeout, Duration frameTimeout) {
        return startTimeout.plus(frameTimeout).plus(UPLOAD_MARGIN);
    }

    /**
     * The job of one frame or chunk of {@code layer}: the layer's renderer, camera, resolution, image format and
     * output prefix; the layer's name, or null for the scene as Maya renders it without {@code -rl}.
     *
     * @param grant the signed {@link #grantOf grant} the agent presents to file-service
     * @param project the task's files besides the scene
     */
    static FrameJob of(Task task, TaskLayer layer, UUID frameId, FrameRange frames, int attempt, Duration timeout,
            String grant, Set<String> excludedAgents, List<SceneManifest.Asset> project) {
        SceneManifest manifest = new SceneManifest(task.scene(), task.sceneFileName(), project);
        return new FrameJob(UUID.randomUUID(), Instant.now(), task.id(), frameId, attempt, task.pool(),
                frames, manifest, layer.renderer(), layer.camera(),
                layer.name().isEmpty() ? null : layer.name(), layer.resolution(), layer.imageFormat(), layer.outputPrefix(),
                task.resultKeyPrefix(), timeout.toSeconds(), grant, excludedAgents.stream().sorted().toList());
    }
}
