package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.scene.SceneAnalysed;
import cloud.yuntu.contracts.scene.SceneAnalysisFailed;
import cloud.yuntu.contracts.scene.SceneAnalysisResult;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.frame.Chunks;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.inbox.ProcessedEvents;
import cloud.yuntu.task.tier.ChosenTier;
import cloud.yuntu.task.tier.TierChoice;
import cloud.yuntu.task.tier.TierRequest;
import cloud.yuntu.task.TaskConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Completes an ANALYSING task with scene-service's answer. The plan ({@link LayerPlan}) and the
 * tier are worked out first, outside the transaction; then, in one transaction, the event id is
 * remembered (a redelivered answer changes nothing), the task is locked and, if it still waits
 * for this scene's analysis, either gets its layers, WAITING frames (one statement per layer)
 * and tier and goes QUEUED, or goes FAILED with the reason: the analysis' own message, or what
 * the plan or the tier choice refused. A task cancelled or deleted meanwhile is left alone.
 */
@ApplicationScoped
public class TaskAnalysis {

    private static final Logger LOG = Logger.getLogger(TaskAnalysis.class);

    private final Pool pool;
    private final ProcessedEvents processed;
    private final Tasks tasks;
    private final TaskLayers layers;
    private final Frames frames;
    private final TierChoice tierChoice;
    private final TaskTransitions transitions;
    private final TaskProgression progression;
    private final TaskConfig config;

    public TaskAnalysis(Pool pool, ProcessedEvents processed, Tasks tasks, TaskLayers layers, Frames frames,
            TierChoice tierChoice, TaskTransitions transitions, TaskProgression progression, TaskConfig config) {
        this.pool = pool;
        this.processed = processed;
        this.tasks = tasks;
        this.layers = layers;
        this.frames = frames;
        this.tierChoice = tierChoice;
        this.transitions = transitions;
        this.progression = progression;
        this.config = config;
    }

    /** What the answer does to the task. */
    private sealed interface Decision permits Accept, Fail {
    }

    private record Accept(LayerPlan.Planned plan, ChosenTier tier) implements Decision {
    }

    private record Fail(String reason, List<MissingDependency> missing) implements Decision {
    }

    public Uni<Void> apply(SceneAnalysisResult result) {
        if (result.taskId() == null) {
            return Uni.createFrom().voidItem(); // an analysis on its own, nobody's task
        }
        return pool.withConnection(sql -> tasks.find(sql, result.taskId())).chain(found -> {
            if (found.isEmpty() || !waitsFor(found.get(), result)) {
                return ignored(result, found.isEmpty() ? "no such task" : "task is " + found.get().status());
            }
            return decide(found.get(), result).chain(decision -> pool.withTransaction(sql ->
                    processed.remember(sql, result.id(), typeOf(result)).chain(first -> {
                        if (!first) {
                            return ignored(result, "answer applied before");
                        }
                        return tasks.lock(sql, result.taskId()).chain(locked -> locked.isPresent() && waitsFor(locked.get(), result)
                                ? apply(sql, locked.get(), decision).invoke(() ->
                                        LOG.infof("Task %s analysed: %s", result.taskId(), outcome(decision)))
                                : ignored(result, "task changed meanwhile"));
                    })));
        });
    }

    private static String outcome(Decision decision) {
        return switch (decision) {
            case Accept accept -> accept.plan().framesTotal() + " frames on tier " + accept.tier().name();
            case Fail fail -> "cannot render: " + fail.reason();
        };
    }

    private static boolean waitsFor(Task task, SceneAnalysisResult result) {
        return task.status() == TaskStatus.ANALYSING && task.scene().key().equals(result.sceneKey());
    }

    private Uni<Decision> decide(Task task, SceneAnalysisResult result) {
        return switch (result) {
            case SceneAnalysisFailed failed -> Uni.createFrom().item(new Fail(analysisFailed(failed), List.of()));
            case SceneAnalysed analysed -> {
                LayerPlan.Outcome outcome = LayerPlan.plan(analysed.report(), task.requested(),
                        config.quota().framesPerTask());
                yield switch (outcome) {
                    case LayerPlan.Refused refused -> Uni.createFrom().item(new Fail(refused.reason(), refused.missing()));
                    case LayerPlan.Planned plan when !testFramesOutside(task, plan).isEmpty() ->
                            Uni.createFrom().item(new Fail("testFrames: frames " + testFramesOutside(task, plan).stream()
                                    .limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                                    + " are in none of the layers' frames", plan.missing()));
                    case LayerPlan.Planned plan -> tierChoice.choose(new TierRequest(task.requested().tier(),
                                    task.requested().requirements(), plan.renderers(), plan.largestResolution()))
                            .<Decision>map(tier -> new Accept(plan, tier))
                            // The scene asks more than any tier (or the named one) gives: the task cannot render.
                            .onFailure(e -> e instanceof ProblemException p && p.status() == 422)
                            .recoverWithItem(e -> new Fail(noTier((ProblemException) e), plan.missing()));
                };
            }
        };
    }

    private Uni<Void> apply(SqlClient sql, Task task, Decision decision) {
        return switch (decision) {
            case Fail fail -> {
                Task recorded = task.analysed(0, null, fail.missing());
                yield tasks.updateAnalysed(sql, recorded)
                        .chain(() -> transitions.move(sql, recorded, TaskStatus.FAILED, fail.reason()))
                        .chain(failed -> transitions.announce(sql, new TaskFailed(UUID.randomUUID(), Instant.now(),
                                task.id(), task.userId(), fail.reason())));
            }
            case Accept accept -> {
                List<TaskLayer> planned = accept.plan().layers().stream().map(l -> l.toTaskLayer(task.id())).toList();
                Task analysed = task.analysed(accept.plan().framesTotal(), accept.tier(), accept.plan().missing());
                yield tasks.updateAnalysed(sql, analysed)
                        .chain(() -> layers.insert(sql, planned))
                        .chain(() -> Multi.createFrom().iterable(accept.plan().layers())
                                .onItem().transformToUniAndConcatenate(l -> insertFrames(sql, task, l))
                                .collect().last())
                        .chain(() -> transitions.move(sql, analysed, TaskStatus.QUEUED, queued(accept)))
                        .chain(queued -> progression.settle(sql, queued))
                        .replaceWithVoid();
            }
        };
    }

    /** A layer's frames, its test frames marked, grouped into the task's chunks. */
    private Uni<Void> insertFrames(SqlClient sql, Task task, LayerPlan.PlannedLayer layer) {
        List<Integer> numbers = layer.numbers().stream().sorted().toList();
        Set<Integer> tests = TestFrames.of(task.policy().testFrames(), numbers);
        return frames.insertWaiting(sql, task.id(), layer.name(), Chunks.of(numbers, task.policy().chunkSize(), tests), tests);
    }

    /** Test frames the user listed that no planned layer renders (frames from the scene are known only now). */
    private static List<Integer> testFramesOutside(Task task, LayerPlan.Planned plan) {
        return TestFrames.outside(task.policy().testFrames(),
                plan.layers().stream().map(LayerPlan.PlannedLayer::numbers).toList());
    }

    private static String queued(Accept accept) {
        List<LayerPlan.PlannedLayer> planned = accept.plan().layers();
        return "scene analysed: " + planned.size() + (planned.size() == 1 ? " layer (" : " layers (")
                + planned.stream().map(LayerPlan.PlannedLayer::name).limit(10).collect(Collectors.joining(", "))
                + (planned.size() > 10 ? ", ..." : "") + "), " + accept.plan().framesTotal() + " frames, tier "
                + accept.tier().name();
    }

    static String analysisFailed(SceneAnalysisFailed failed) {
        String message = failed.message() == null || failed.message().isBlank() ? "no reason given" : failed.message();
        return "scene analysis failed" + (failed.code() == null ? "" : " (" + RenderNames.printable(failed.code()) + ")")
                + ": " + RenderNames.printable(message);
    }

    private static String noTier(ProblemException refusal) {
        String why = refusal.problem().errors().isEmpty() ? refusal.problem().detail()
                : refusal.problem().errors().stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
        return "no tier can render this scene: " + why;
    }

    private static Uni<Void> ignored(SceneAnalysisResult result, String why) {
        // Rare (a duplicate, or a task cancelled while its scene was analysed) and the first thing to look
        // for when a task stays ANALYSING: worth a line at INFO.
        LOG.infof("Scene analysis answer %s for task %s ignored: %s", result.id(), result.taskId(), why);
        return Uni.createFrom().voidItem();
    }

    private static String typeOf(SceneAnalysisResult result) {
        return switch (result) {
            case SceneAnalysed a -> "scene.analysed.v1";
            case SceneAnalysisFailed f -> "scene.analysis-failed.v1";
        };
    }
}
