package cloud.yuntu.task.task;

import cloud.yuntu.task.frame.FrameCounts;
import cloud.yuntu.task.frame.Frames;
import cloud.yuntu.task.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Tasks as users read them. */
@ApplicationScoped
public class TaskReader {

    /** A user's list shows this many of their newest tasks. */
    static final int LIST_LIMIT = 100;

    private final Pool pool;
    private final Tasks tasks;
    private final Frames frames;

    public TaskReader(Pool pool, Tasks tasks, Frames frames) {
        this.pool = pool;
        this.tasks = tasks;
        this.frames = frames;
    }

    public Uni<TaskView> view(UUID id) {
        return pool.withConnection(sql -> tasks.find(sql, id)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("no task " + id)))
                .chain(task -> frames.ofTask(sql, id).chain(all -> frames.counts(sql, id)
                        .map(counts -> TaskView.of(task, counts, all)))));
    }

    public Uni<List<TaskView>> ofUser(String userId) {
        return pool.withConnection(sql -> tasks.ofUser(sql, userId, LIST_LIMIT)
                .chain(list -> Multi.createFrom().iterable(list)
                        .onItem().transformToUniAndConcatenate(task -> frames.counts(sql, task.id())
                                .map((FrameCounts counts) -> TaskView.of(task, counts, null)))
                        .collect().asList()));
    }
}
