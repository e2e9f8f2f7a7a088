package cloud.yuntu.task.task;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.frame.FrameList;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.task.problem.ProblemException;
import cloud.yuntu.task.scene.SceneCatalog;
import cloud.yuntu.task.scene.SceneKey;
import cloud.yuntu.task.tier.Tier;
import cloud.yuntu.task.tier.Tiers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a request into a queued task with WAITING frames. Everything the caller got wrong is
 * reported at once, field by field, before anything is written; the task, its frames and its
 * first events are then one transaction.
 */
@ApplicationScoped
public class TaskSubmission {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final Pool pool;
    private final Tiers tiers;
    private final Tasks tasks;
    private final Frames frames;
    private final SceneCatalog scenes;
    private final TaskTransitions transitions;
    private final TaskAdmission admission;
    private final TaskProgression progression;
    private final TaskConfig config;

    public TaskSubmission(Pool pool, Tiers tiers, Tasks tasks, Frames frames, SceneCatalog scenes,
            TaskTransitions transitions, TaskAdmission admission, TaskProgression progression, TaskConfig config) {
        this.pool = pool;
        this.tiers = tiers;
        this.tasks = tasks;
        this.frames = frames;
        this.scenes = scenes;
        this.transitions = transitions;
        this.admission = admission;
        this.progression = progression;
        this.config = config;
    }

    public Uni<UUID> submit(String userId, SubmitTaskRequest request) {
        List<FieldError> errors = new ArrayList<>();
        FrameList frameList = null;
        try {
            frameList = FrameList.parse(request.frames(), config.maxFrames());
        } catch (FrameList.InvalidFrameList e) {
            errors.add(new FieldError("frames", e.getMessage()));
        }
        Optional<SceneKey> sceneKey = SceneKey.parse(request.sceneKey());
        if (sceneKey.isEmpty()) {
            errors.add(new FieldError("sceneKey", "must be a scene key scenes/YYYYMMDD/<taskId>/<file> as file-service returned it"));
        }
        FrameList parsed = frameList;
        return pool.withConnection(sql -> tiers.find(sql, request.tier()))
                .chain(tier -> {
                    if (tier.isEmpty()) {
                        errors.add(new FieldError("tier", "unknown tier \"" + request.tier() + "\""));
                    }
                    if (!errors.isEmpty()) {
                        return Uni.createFrom().failure(ProblemException.invalid(errors));
                    }
                    SceneKey key = sceneKey.orElseThrow();
                    return scenes.scene(key).chain(scene -> create(userId, request, key, scene, tier.orElseThrow(), parsed));
                });
    }

    private Uni<UUID> create(String userId, SubmitTaskRequest request, SceneKey key, StoredObject scene, Tier tier,
            FrameList frameList) {
        Instant now = Instant.now();
        UUID id = key.taskId();
        Resolution resolution = request.resolution() == null ? null
                : new Resolution(request.resolution().width(), request.resolution().height());
        Task task = new Task(id, userId, TaskStatus.SUBMITTED, null, scene, request.frames().strip(), frameList.size(),
                request.renderer(), tier.name(), tier.pool(), tier.pricePerCoreHour(), tier.currency(),
                blankToNull(request.camera()), blankToNull(request.layer()), resolution,
                Objects.requireNonNullElse(request.imageFormat(), SubmitTaskRequest.DEFAULT_IMAGE_FORMAT).toLowerCase(),
                request.outputPrefix(), "results/" + DAY.format(now) + "/" + id + "/",
                Objects.requireNonNullElse(request.priority(), SubmitTaskRequest.DEFAULT_PRIORITY),
                Objects.requireNonNullElse(request.maxAttempts(), SubmitTaskRequest.DEFAULT_MAX_ATTEMPTS),
                0.0, null, now, null, null);
        return pool.withTransaction(sql -> tasks.exists(sql, id).chain(exists -> {
            if (exists) {
                return Uni.createFrom().failure(ProblemException.conflict("task-exists", "Task exists",
                        "scene " + key.key() + " already belongs to task " + id + "; upload the scene again for a new task"));
            }
            return insert(sql, task, frameList);
        })).onFailure(TaskSubmission::duplicateKey).transform(e -> ProblemException.conflict("task-exists",
                "Task exists", "scene " + key.key() + " was just submitted as task " + id))
                .replaceWith(id);
    }

    private Uni<Task> insert(SqlClient sql, Task task, FrameList frameList) {
        return tasks.insert(sql, task)
                .chain(() -> frames.insertWaiting(sql, task.id(), frameList.numbers()))
                .chain(() -> transitions.announce(sql, new TaskStatusChanged(UUID.randomUUID(), task.createdAt(),
                        task.id(), task.userId(), null, TaskStatus.SUBMITTED, null)))
                .chain(() -> admission.admit(sql, task))
                .chain(admitted -> progression.settle(sql, admitted));
    }

    /** Two submissions of one scene at the same moment: the primary key decides. */
    private static boolean duplicateKey(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
