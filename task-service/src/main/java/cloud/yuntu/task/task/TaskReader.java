package cloud.yuntu.task.task;

import cloud.yuntu.platform.identity.Caller;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.task.frame.FrameCounts;
import cloud.yuntu.task.frame.Frames;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Tasks as callers read them: their own, or everybody's for operators. */
@ApplicationScoped
public class TaskReader {

    /** A list shows this many of the newest tasks. */
    static final int LIST_LIMIT = 100;

    private final Pool pool;
    private final Tasks tasks;
    private final Frames frames;

    public TaskReader(Pool pool, Tasks tasks, Frames frames) {
        this.pool = pool;
        this.tasks = tasks;
        this.frames = frames;
    }

    /** @throws ProblemException 404 when the task does not exist or is not the caller's, alike */
    public Uni<TaskView> view(UUID id, Caller caller) {
        return pool.withConnection(sql -> tasks.find(sql, id)
                .map(found -> found.filter(task -> caller.maySee(task.userId())).orElseThrow(() -> noSuchTask(id)))
                .chain(task -> frames.ofTask(sql, id).chain(all -> frames.counts(sql, id)
                        .map(counts -> TaskView.of(task, counts, all)))));
    }

    /** The caller's newest tasks; everybody's for admins and services; none for agents, who own nothing. */
    public Uni<List<TaskView>> list(Caller caller) {
        if (caller.isAgent() && !caller.seesEverything()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withConnection(sql -> (caller.seesEverything() ? tasks.newest(sql, LIST_LIMIT)
                        : tasks.ofUser(sql, caller.id(), LIST_LIMIT))
                .chain(list -> Multi.createFrom().iterable(list)
                        .onItem().transformToUniAndConcatenate(task -> frames.counts(sql, task.id())
                                .map((FrameCounts counts) -> TaskView.of(task, counts, null)))
                        .collect().asList()));
    }

    /** The one answer for a task that is missing or somebody else's, so nobody learns what others own. */
    static ProblemException noSuchTask(UUID id) {
        return ProblemException.notFound("no task " + id);
    }
}
