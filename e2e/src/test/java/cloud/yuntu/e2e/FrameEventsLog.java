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
        List<FrameCompleted> completed = new ArrayList<>();
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
                    if (r.value() instanceof FrameCompleted c && c.taskId().equals(taskId)) {
                        completed.add(c);
                    }
                });
            }
        }
        return completed;
    }
}
