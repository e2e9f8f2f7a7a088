package cloud.yuntu.e2e;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.json.FrameEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

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
     * holds them all): what the agents reported, whether task-service counted it or not.
     */
    static List<FrameEvent> events(String bootstrapServers, UUID taskId) {
        List<FrameEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, FrameEvent> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "e2e-audit-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "enable.auto.commit", "false"), new StringDeserializer(), new FrameEventDeserializer())) {
            consumer.subscribe(List.of(Topics.FRAME_EVENTS));
            int emptyPolls = 0;
            while (emptyPolls < 4) {
                var records = consumer.poll(Duration.ofSeconds(1));
                if (records.isEmpty() && consumer.assignment().size() > 0) {
                    emptyPolls++;
                }
                records.forEach(r -> {
                    if (r.value() != null && taskId.equals(r.value().taskId())) {
                        events.add(r.value());
                    }
                });
            }
        }
        return events;
    }

    /** The task's events of one kind, in log order. */
    static <E extends FrameEvent> List<E> events(String bootstrapServers, UUID taskId, Class<E> kind) {
        return events(bootstrapServers, taskId).stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
