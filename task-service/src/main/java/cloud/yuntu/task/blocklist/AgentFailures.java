package cloud.yuntu.task.blocklist;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The agent_failure table: each agent's failures of each task, and the task's blocklist. */
@ApplicationScoped
public class AgentFailures {

    /** Agents blocklisted for each of {@code taskIds}; a task without any is absent. */
    public Uni<Map<UUID, Set<String>>> of(SqlClient sql, List<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.preparedQuery("""
                        SELECT task_id, agent_id FROM task.agent_failure
                        WHERE task_id = ANY ($1) AND blocklisted_at IS NOT NULL""")
                .execute(Tuple.of(taskIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Set<String>> blocklisted = new HashMap<>();
                    rows.forEach(r -> blocklisted.computeIfAbsent(r.getUUID("task_id"), id -> new HashSet<>())
                            .add(r.getString("agent_id")));
                    return blocklisted;
                });
    }

    public Uni<Set<String>> ofTask(SqlClient sql, UUID taskId) {
        return of(sql, List.of(taskId)).map(all -> all.getOrDefault(taskId, Set.of()));
    }

    /** Counts one more failure of {@code agentId} on the task. @return its failures of the task so far */
    public Uni<Integer> countFailure(SqlClient sql, UUID taskId, String agentId) {
        return sql.preparedQuery("""
                        INSERT INTO task.agent_failure (task_id, agent_id, failures) VALUES ($1, $2, 1)
                        ON CONFLICT (task_id, agent_id) DO UPDATE SET failures = task.agent_failure.failures + 1
                        RETURNING failures""")
                .execute(Tuple.of(taskId, agentId))
                .map(rows -> rows.iterator().next().getInteger("failures"));
    }

    public Uni<Void> blocklist(SqlClient sql, UUID taskId, String agentId) {
        return sql.preparedQuery("""
                        UPDATE task.agent_failure SET blocklisted_at = now()
                        WHERE task_id = $1 AND agent_id = $2 AND blocklisted_at IS NULL""")
                .execute(Tuple.of(taskId, agentId))
                .replaceWithVoid();
    }
}
