package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.frame.FrameCounts;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.scheduling.StalledTasks;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tasks as callers read them: their own, or everybody's for operators. A task's view never
 * carries its frames; they are paged, so a task of 100,000 frames reads as fast as one of ten.
 */
@ApplicationScoped
public class TaskReader {

    /** Page sizes: the default and the most a page of tasks / frames may hold. */
    static final int DEFAULT_SIZE = 20;
    static final int MAX_TASKS_PAGE = 100;
    static final int DEFAULT_FRAMES_SIZE = 100;
    static final int MAX_FRAMES_PAGE = 1000;

    private static final FrameCounts NO_FRAMES = FrameCounts.NONE;

    private final Pool pool;
    private final Tasks tasks;
    private final TaskLayers layers;
    private final Frames frames;
    private final StalledTasks stalls;

    public TaskReader(Pool pool, Tasks tasks, TaskLayers layers, Frames frames, StalledTasks stalls) {
        this.pool = pool;
        this.tasks = tasks;
        this.layers = layers;
        this.frames = frames;
        this.stalls = stalls;
    }

    /** @throws ProblemException 404 when the task does not exist or is not the caller's, alike */
    public Uni<TaskView> view(UUID id, Caller caller) {
        return pool.withConnection(sql -> tasks.find(sql, id)
                .map(found -> found.filter(task -> caller.maySee(task.userId())).orElseThrow(() -> noSuchTask(id)))
                .chain(task -> layers.ofTask(sql, id).chain(taskLayers -> frames.counts(sql, id)
                        .chain(counts -> stalls.waiting(sql, id).chain(waiting -> (counts.dead() == 0
                                ? Uni.createFrom().item(List.<cloud.yuntu.task.frame.Frame>of())
                                : frames.dead(sql, id, TaskProgression.DEAD_LISTED))
                                .map(dead -> TaskView.of(task, counts, taskLayers, waiting.orElse(null), dead)))))));
    }

    /**
     * One page of a task's frames, ordered by layer, then number.
     *
     * @throws ProblemException 404 as {@link #view}; 422 naming {@code page}, {@code size} or {@code status}
     */
    public Uni<Page<TaskView.FrameView>> frames(UUID id, Caller caller, String page, String size, String status) {
        Paging paging = Paging.of(page, size, DEFAULT_FRAMES_SIZE, MAX_FRAMES_PAGE, status, FrameStatus.class);
        FrameStatus wanted = paging.status(FrameStatus.class);
        return pool.withConnection(sql -> tasks.find(sql, id)
                .map(found -> found.filter(task -> caller.maySee(task.userId())).orElseThrow(() -> noSuchTask(id)))
                .chain(task -> frames.count(sql, id, wanted))
                .chain(total -> frames.page(sql, id, wanted, paging.size(), paging.offset())
                        .map(list -> new Page<>(list.stream().map(TaskView.FrameView::of).toList(), total,
                                paging.page(), paging.size()))));
    }

    /**
     * One page of the caller's tasks, newest first; everybody's for admins and services; none for
     * agents, who own nothing.
     *
     * @throws ProblemException 422 naming {@code page}, {@code size} or {@code status}
     */
    public Uni<Page<TaskView>> list(Caller caller, String page, String size, String status) {
        Paging paging = Paging.of(page, size, DEFAULT_SIZE, MAX_TASKS_PAGE, status, TaskStatus.class);
        if (caller.isAgent() && !caller.seesEverything()) {
            return Uni.createFrom().item(new Page<>(List.of(), 0, paging.page(), paging.size()));
        }
        String owner = caller.seesEverything() ? null : caller.id();
        TaskStatus wanted = paging.status(TaskStatus.class);
        return pool.withConnection(sql -> tasks.count(sql, owner, wanted)
                .chain(total -> tasks.page(sql, owner, wanted, paging.size(), paging.offset())
                        .chain(list -> {
                            List<UUID> ids = list.stream().map(Task::id).toList();
                            return layers.ofTasks(sql, ids).chain(layersOf -> frames.countsOf(sql, ids)
                                    .chain(countsOf -> stalls.waiting(sql, ids)
                                            .map(waitingOf -> views(list, layersOf, countsOf, waitingOf))));
                        })
                        .map(views -> new Page<>(views, total, paging.page(), paging.size()))));
    }

    private static List<TaskView> views(List<Task> list, Map<UUID, List<TaskLayer>> layersOf, Map<UUID, FrameCounts> countsOf,
            Map<UUID, StalledTasks.Waiting> waitingOf) {
        List<TaskView> views = new ArrayList<>(list.size());
        for (Task task : list) {
            views.add(TaskView.of(task, countsOf.getOrDefault(task.id(), NO_FRAMES), layersOf.getOrDefault(task.id(), List.of()),
                    waitingOf.get(task.id()), List.of()));
        }
        return views;
    }

    /** The one answer for a task that is missing or somebody else's, so nobody learns what others own. */
    static ProblemException noSuchTask(UUID id) {
        return ProblemException.notFound("no task " + id);
    }

    /** A page request as the query string gave it, checked: pages count from 0. */
    record Paging(int page, int size, String status) {

        long offset() {
            return (long) page * size;
        }

        <E extends Enum<E>> E status(Class<E> type) {
            return status == null ? null : Enum.valueOf(type, status);
        }

        static <E extends Enum<E>> Paging of(String page, String size, int defaultSize, int maxSize, String status,
                Class<E> statuses) {
            List<FieldError> errors = new ArrayList<>();
            int p = number(errors, "page", page, 0, 0, Integer.MAX_VALUE / maxSize);
            int s = number(errors, "size", size, defaultSize, 1, maxSize);
            String st = status == null || status.isBlank() ? null : status.strip().toUpperCase(java.util.Locale.ROOT);
            if (st != null) {
                try {
                    Enum.valueOf(statuses, st);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("status", "must be one of " + java.util.Arrays.toString(statuses.getEnumConstants())));
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return new Paging(p, s, st);
        }

        private static int number(List<FieldError> errors, String field, String value, int absent, int min, int max) {
            if (value == null || value.isBlank()) {
                return absent;
            }
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return absent;
        }
    }
}
