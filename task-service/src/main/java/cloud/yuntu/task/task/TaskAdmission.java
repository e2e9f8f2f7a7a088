package cloud.yuntu.task.task;

import cloud.yuntu.contracts.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a submitted task goes next. Scene analysis (SUBMITTED -> ANALYSING, then QUEUED on
 * the result) is not wired yet, so a task is queued at once; this is the one place that
 * changes when it is.
 */
@ApplicationScoped
public class TaskAdmission {

    private final TaskTransitions transitions;

    public TaskAdmission(TaskTransitions transitions) {
        this.transitions = transitions;
    }

    public Uni<Task> admit(SqlClient sql, Task submitted) {
        return transitions.move(sql, submitted, TaskStatus.QUEUED, "scene accepted");
    }
}
