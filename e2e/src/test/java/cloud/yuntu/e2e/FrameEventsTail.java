package cloud.yuntu.e2e;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.json.FrameEventDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the agents report on {@code farm.frame-events} from the moment it is opened, without a consumer group. */
final class FrameEventsTail implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final FrameEventDeserializer deserializer = new FrameEventDeserializer();

    FrameEventsTail(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.FRAME_EVENTS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(Topics.FRAME_EVENTS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolved now, not at the first poll: only what is reported from here on counts.
        partitions.forEach(consumer::position);
    }

    /**
     * Waits for an agent to report a frame of the task finished (completed or failed) after this tail was opened.
     *
     * @throws AssertionError when none did within {@code timeout}
     */
    FrameEvent awaitFinished(UUID taskId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                FrameEvent event;
                try {
                    event = deserializer.deserialize(record.topic(), record.value());
                } catch (RuntimeException notAFrameEvent) {
                    continue;
                }
                if (event != null && taskId.equals(event.taskId())
                        && (event instanceof FrameCompleted || event instanceof FrameFailed)) {
                    return event;
                }
            }
        }
        throw new AssertionError("No frame of task " + taskId + " was reported finished within " + timeout);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
