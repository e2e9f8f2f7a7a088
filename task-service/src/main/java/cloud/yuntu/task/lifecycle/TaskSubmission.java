package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.project.TaskAssets;
import cloud.yuntu.task.project.TaskManifests;
import cloud.yuntu.task.quota.TaskQuota;
import cloud.yuntu.task.scene.SceneCatalog;
import cloud.yuntu.task.tier.TierChoice;
import cloud.yuntu.task.tier.TierRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a request into a task waiting for its scene's analysis, owned by the caller. Everything
 * the caller got wrong is reported at once, field by field, before anything is written
 * ({@link SubmissionChecks}, and {@link TierChoice} for what the request alone decides of the
 * tier); then the quotas, then the scene, which must be the caller's own (file-service decides,
 * from the caller's token), then file-service holds the task's project files for it
 * ({@link TaskManifests}: every one must be the caller's upload). The task, its first events and
 * the analysis request are then one transaction; {@link TaskAnalysis} plans its layers and frames
 * when the analysis answers. The
 * task id is chosen here: a client can name no id, so it can take or overwrite nobody else's task.
 */
@ApplicationScoped
public class TaskSubmission {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final Pool pool;
    private final Tasks tasks;
    private final SceneCatalog scenes;
    private final TierChoice tierChoice;
    private final TaskTransitions transitions;
    private final TaskAdmission admission;
    private final TaskConfig config;
    private final TaskQuota quota;
    private final Validator validator;
    private final TaskAssets projectFiles;
    private final TaskManifests manifests;

    public TaskSubmission(Pool pool, Tasks tasks, SceneCatalog scenes, TierChoice tierChoice,
            TaskTransitions transitions, TaskAdmission admission, TaskConfig config, Validator validator,
            TaskAssets projectFiles, TaskManifests manifests) {
        this.validator = validator;
        this.projectFiles = projectFiles;
        this.manifests = manifests;
        this.pool = pool;
        this.tasks = tasks;
        this.scenes = scenes;
        this.tierChoice = tierChoice;
        this.transitions = transitions;
        this.admission = admission;
        this.config = config;
        this.quota = TaskQuota.of(config.quota());
    }

    /** @return the new task's id */
    public Uni<UUID> submit(Caller caller, SubmitTaskRequest request) {
        SubmissionChecks.Checked checked = SubmissionChecks.check(request, config.maxFrames());
        // Bean constraints and the checks above in one answer, so the user fixes every field at once.
        List<FieldError> errors = new ArrayList<>(constraintErrors(request));
        errors.addAll(checked.errors());
        TaskOverrides requested = checked.overrides();
        return tierErrors(requested, errors).chain(tierErrors -> {
            errors.addAll(tierErrors);
            if (!errors.isEmpty()) {
                return Uni.createFrom().failure(ProblemException.invalid(errors));
            }
            if (checked.frames() != null) {
                Optional<ProblemException> tooManyFrames = quota.refuseFrames(checked.frames().size());
                if (tooManyFrames.isPresent()) {
                    return Uni.createFrom().failure(tooManyFrames.get());
                }
            }
            return scenes.scene(checked.sceneKey().orElseThrow())
                    .chain(scene -> create(caller.id(), request, requested, checked.policy(), scene,
                            checked.assets()));
        });
    }

    private List<FieldError> constraintErrors(SubmitTaskRequest request) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<SubmitTaskRequest> violation : validator.validate(request)) {
            StringBuilder field = new StringBuilder();
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(node.getName());
                }
            }
            errors.add(new FieldError(field.toString(), violation.getMessage()));
        }
        errors.sort(java.util.Comparator.comparing(FieldError::field));
        return errors;
    }

    /**
     * What the tier choice refuses from the request alone: an unknown tier, requirements no tier
     * meets, a renderer or resolution the named tier cannot take. The scene may still rule a tier
     * out later; that fails the task, since the request was sound.
     */
    private Uni<List<FieldError>> tierErrors(TaskOverrides requested, List<FieldError> errors) {
        if (errors.stream().anyMatch(e -> e.field().equals("tier") || e.field().equals("renderer"))) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> renderers = requested.renderer() == null ? Set.of() : Set.of(requested.renderer());
        // Fields already at fault are left out, so one mistake is not reported twice.
        boolean badRequirements = errors.stream().anyMatch(e -> e.field().startsWith("requirements"));
        boolean badResolution = errors.stream().anyMatch(e -> e.field().startsWith("resolution"));
        return tierChoice.choose(new TierRequest(requested.tier(), badRequirements ? null : requested.requirements(),
                        renderers, badResolution ? null : requested.resolution()))
                .map(chosen -> List.<FieldError>of())
                .onFailure(e -> e instanceof ProblemException p && p.status() == 422)
                .recoverWithItem(e -> {
                    ProblemException refusal = (ProblemException) e;
                    List<FieldError> named = refusal.problem().errors();
                    return named.isEmpty() ? List.of(new FieldError("tier", refusal.problem().detail())) : named;
                });
    }

    private Uni<UUID> create(String userId, SubmitTaskRequest request, TaskOverrides requested, RunPolicy policy,
            StoredObject scene, List<SceneManifest.Asset> assets) {
        Instant now = Instant.now();
        UUID id = UUID.randomUUID();
        Task task = new Task(id, userId, TaskStatus.SUBMITTED, null, scene, requested, 0, null, null, null, null, List.of(),
                "results/" + DAY.format(now) + "/" + id + "/",
                Objects.requireNonNullElse(request.priority(), SubmitTaskRequest.DEFAULT_PRIORITY),
                Objects.requireNonNullElse(request.maxAttempts(), SubmitTaskRequest.DEFAULT_MAX_ATTEMPTS),
                0.0, null, now, null, null, policy, null, null);
        // Held before the task is committed, so no sweep can take a file of a task that exists; the
        // hold of a task that then fails to commit is released by file-service after a while.
        return manifests.retain(id, userId, assets, now)
                .chain(() -> pool.withTransaction(sql -> withinActiveQuota(sql, userId).chain(() -> insert(sql, task, assets))))
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

    /** @param assets the project's files besides the scene; null when the request listed none */
    private Uni<Task> insert(SqlClient sql, Task task, List<SceneManifest.Asset> assets) {
        return tasks.insert(sql, task)
                .chain(() -> projectFiles.insert(sql, task.id(), assets == null ? List.of() : assets))
                .chain(() -> transitions.announce(sql, new TaskStatusChanged(UUID.randomUUID(), task.createdAt(),
                        task.id(), task.userId(), null, TaskStatus.SUBMITTED, null)))
                .chain(() -> admission.admit(sql, task, assets == null ? List.of()
                        : assets.stream().map(SceneManifest.Asset::path).toList()));
    }
}
