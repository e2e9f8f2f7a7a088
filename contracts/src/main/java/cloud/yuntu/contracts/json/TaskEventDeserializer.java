package cloud.yuntu.contracts.json;

import cloud.yuntu.contracts.task.TaskEvent;

public class TaskEventDeserializer extends EventDeserializer<TaskEvent> {

    public TaskEventDeserializer() {
        super(TaskEvent.class);
    }
}
