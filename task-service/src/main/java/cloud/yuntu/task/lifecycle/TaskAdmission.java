package cloud.yuntu.task.lifecycle;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.scene.SceneAnalysisRequested;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.task.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where a submitted task goes next: SUBMITTED -> ANALYSING, with the request to analyse its
 * scene written to the outbox in the same transaction (key sceneKey), so a task is never left
 * waiting for a request that was not sent. {@link TaskAnalysis} takes the answer.
 */
@ApplicationScoped
public class TaskAdmission {

    private final TaskTransitions transitions;
    private final Outbox outbox;

    public TaskAdmission(TaskTransitions transitions, Outbox outbox) {
        this.transitions = transitions;
        this.outbox = outbox;
    }

    /**
     * @param projectPaths where the project's files lie relative to the scene's folder: the scene's
     *        dependencies none of them covers are reported missing (the user accepts that with
     *        {@code allowMissing}); empty when the task brings no files besides its scene
     */
    public Uni<Task> admit(SqlClient sql, Task submitted, List<String> projectPaths) {
        SceneAnalysisRequested request = new SceneAnalysisRequested(UUID.randomUUID(), Instant.now(),
                submitted.scene().key(), submitted.id(), projectPaths);
        return transitions.move(sql, submitted, TaskStatus.ANALYSING, "analysing the scene")
                .call(() -> outbox.append(sql, Topics.SCENE_ANALYSIS, submitted.scene().key(), request));
    }
}
