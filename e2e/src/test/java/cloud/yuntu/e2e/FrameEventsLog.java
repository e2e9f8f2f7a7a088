package cloud.yuntu.e2e;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.json.FrameEventDeserializer;
import java.util.List;
import java.util.UUID;

/** Reads {@code farm.frame-events} from the beginning, as an auditor would. */
final class FrameEventsLog {

    private FrameEventsLog() {
    }

    static List<FrameCompleted> completions(String bootstrapServers, UUID taskId) {
        return events(bootstrapServers, taskId).stream()
                .filter(FrameCompleted.class::isInstance).map(FrameCompleted.class::cast).toList();
    }

    /**
     * Every event of the task in the order the log holds them (its key is the task, so one partition
     * holds them all) up to now: what the agents reported, whether task-service counted it or not. A
     * record that is no frame event (the fault tests put some there) is passed over.
     */
    static List<FrameEvent> events(String bootstrapServers, UUID taskId) {
        return records(bootstrapServers, taskId).stream().map(TopicLog.Logged::event).toList();
    }

    /** The task's events of one kind, in log order. */
    static <E extends FrameEvent> List<E> events(String bootstrapServers, UUID taskId, Class<E> kind) {
        return events(bootstrapServers, taskId).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The task's records as they are on the topic, bytes and all, with the event each holds, in log order. */
    static List<TopicLog.Logged<FrameEvent>> records(String bootstrapServers, UUID taskId) {
        FrameEventDeserializer deserializer = new FrameEventDeserializer();
        return TopicLog.upToNow(bootstrapServers, Topics.FRAME_EVENTS,
                (topic, bytes) -> deserializer.deserialize(topic, bytes), event -> taskId.equals(event.taskId()));
    }
}
