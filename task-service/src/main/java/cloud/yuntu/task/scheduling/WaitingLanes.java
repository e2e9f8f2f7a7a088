package cloud.yuntu.task.scheduling;

import cloud.yuntu.contracts.frame.FrameStatus;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.SqlTime;
import cloud.yuntu.task.agent.Lane;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The lanes that have frames to release: WAITING frames of tasks that may render. A frame's lane
 * is its task's pool and its layer's renderer (read from {@code task.task_layer}, which the
 * submission writes). Reads only.
 */
@ApplicationScoped
public class WaitingLanes {

    /** Tasks whose waiting frames may be released; never PAUSED, CANCELLED or still being analysed. */
    static final String[] RELEASABLE = {TaskStatus.QUEUED.name(), TaskStatus.TESTING.name(), TaskStatus.RENDERING.name()};

    /**
     * A lane with waiting frames and its most urgent one's task priority and submission time.
     */
    public record WaitingLane(Lane lane, int priority, Instant oldest) {
    }

    /** Every lane with waiting frames, the most urgent first (priority desc, then age). */
    public Uni<List<WaitingLane>> all(SqlClient sql) {
        // Per (task, layer) an EXISTS on the partial index of waiting frames: no count over a
        // 100,000-frame task on every pass.
        return sql.preparedQuery("""
                        SELECT DISTINCT ON (t.pool, l.renderer) t.pool, l.renderer, t.priority, t.created_at
                        FROM task.task t JOIN task.task_layer l ON l.task_id = t.id
                        WHERE t.status = ANY ($1)
                          AND EXISTS (SELECT 1 FROM task.frame f
                                      WHERE f.task_id = t.id AND f.layer = l.name AND f.status = $2
                                        AND """ + FrameRelease.RELEASABLE_FRAME + """
                        )
                        ORDER BY t.pool, l.renderer, t.priority DESC, t.created_at ASC""")
                .execute(Tuple.of(RELEASABLE, FrameStatus.WAITING.name()))
                .map(rows -> {
                    List<WaitingLane> lanes = new ArrayList<>(rows.size());
                    rows.forEach(r -> lanes.add(new WaitingLane(new Lane(r.getString("pool"), r.getString("renderer")),
                            r.getInteger("priority"), SqlTime.instant(r.getOffsetDateTime("created_at")))));
                    // A renderer name no topic can carry (a scene may name anything) gets no jobs: one
                    // record to an invalid topic would stall the outbox for every task. Agents get no lane
                    // for such a name either (FrameJobTopics), and the task shows as waiting (StalledTasks)
                    // unless some agent reports that very name.
                    lanes.removeIf(w -> !w.lane().topicSafe());
                    lanes.sort(java.util.Comparator.comparingInt((WaitingLane w) -> -w.priority())
                            .thenComparing(WaitingLane::oldest)
                            .thenComparing(w -> w.lane().pool())
                            .thenComparing(w -> w.lane().renderer()));
                    return lanes;
                });
    }
}
