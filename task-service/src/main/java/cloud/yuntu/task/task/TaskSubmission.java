package cloud.yuntu.task.task;

import cloud.yuntu.contracts.frame.Resolution;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.frame.FrameList;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.quota.TaskQuota;
import cloud.yuntu.task.scene.SceneCatalog;
import cloud.yuntu.task.scene.SceneKey;
import cloud.yuntu.task.tier.Tier;
import cloud.yuntu.task.tier.Tiers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
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
 * Turns a request into a queued task with WAITING frames, owned by the caller. Everything the
 * caller got wrong is reported at once, field by field, before anything is written; then the
 * quotas, then the scene, which must be the caller's own (file-service decides, from the
 * caller's token); the task, its frames and its first events are then one transaction. The task
 * id is chosen here: a client can name no id, so it can take or overwrite nobody else's task.
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
    private final TaskQuota quota;

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
        this.quota = TaskQuota.of(config.quota());
    }

    /** @return the new task's id */
    public Uni<UUID> submit(Caller caller, SubmitTaskRequest request) {
        List<FieldError> errors = new ArrayList<>();
        FrameList frameList = null;
        try {
            frameList = FrameList.parse(request.frames(), config.maxFrames());
        } catch (FrameList.InvalidFrameList e) {
            errors.add(new FieldError("frames", e.getMessage()));
        }
        Optional<SceneKey> sceneKey = SceneKey.parse(request.sceneKey());
        if (sceneKey.isEmpty()) {
            errors.add(new FieldError("sceneKey", "must be a scene key scenes/YYYYMMDD/<sceneId>/<file> as file-service returned it"));
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
                    Optional<ProblemException> tooManyFrames = quota.refuseFrames(parsed.size());
                    if (tooManyFrames.isPresent()) {
                        return Uni.createFrom().failure(tooManyFrames.get());
                    }
                    SceneKey key = sceneKey.orElseThrow();
                    return scenes.scene(key).chain(scene -> create(caller.id(), request, scene, tier.orElseThrow(), parsed));
                });
    }

    private Uni<UUID> create(String userId, SubmitTaskRequest request, StoredObject scene, Tier tier,
            FrameList frameList) {
        Instant now = Instant.now();
        UUID id = UUID.randomUUID();
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
        return pool.withTransaction(sql -> withinActiveQuota(sql, userId).chain(() -> insert(sql, task, frameList)))
                .replaceWith(id);
    }

    /**
     * Counts the user's active tasks under a per-user transaction lock, so two submissions at the
     * same moment cannot both take the last place.
     */
    private Uni<Void> withinActiveQuota(SqlClient sql, String userId) {
        return sql.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('yuntu.task.quota.' || $1))")
                .execute(Tuple.of(userId))
                .chain(() -> tasks.activeOfUser(sql, userId))
                .chain(active -> quota.refuseAnotherTask(active)
                        .map(refusal -> Uni.createFrom().<Void>failure(refusal))
                        .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    private Uni<Task> insert(SqlClient sql, Task task, FrameList frameList) {
        return tasks.insert(sql, task)
                .chain(() -> frames.insertWaiting(sql, task.id(), frameList.numbers()))
                .chain(() -> transitions.announce(sql, new TaskStatusChanged(UUID.randomUUID(), task.createdAt(),
                        task.id(), task.userId(), null, TaskStatus.SUBMITTED, null)))
                .chain(() -> admission.admit(sql, task))
                .chain(admitted -> progression.settle(sql, admitted));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
