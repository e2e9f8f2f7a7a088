package cloud.yuntu.contracts.task;

import cloud.yuntu.contracts.FarmEvent;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/** What task-service announces on {@code farm.task-events}, key taskId. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(TaskStatusChanged.class),
        @JsonSubTypes.Type(TaskProgress.class),
        @JsonSubTypes.Type(TaskCompleted.class),
        @JsonSubTypes.Type(TaskFailed.class)
})
public sealed interface TaskEvent extends FarmEvent
        permits TaskStatusChanged, TaskProgress, TaskCompleted, TaskFailed {

    UUID taskId();

    /** The task's owner; the gateway pushes only to them (and to admins). */
    String userId();
}
