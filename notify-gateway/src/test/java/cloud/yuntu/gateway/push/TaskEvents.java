package cloud.yuntu.gateway.push;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.json.LogLines;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskCompleted;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskFailed;
import cloud.yuntu.contracts.task.TaskProgress;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes contract events to the real broker the way task-service and others do. */
final class TaskEvents implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;

    TaskEvents(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new EventSerializer<>());
    }

    void publish(TaskEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, event.taskId().toString(), event)).get(30, TimeUnit.SECONDS);
    }

    void publish(FrameLogBatch batch) throws Exception {
        producer.send(new ProducerRecord<>(Topics.FRAME_LOGS, batch.frameId().toString(), batch)).get(30, TimeUnit.SECONDS);
    }

    void publish(Notification notification) throws Exception {
        producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS, notification.userId(), notification)).get(30, TimeUnit.SECONDS);
    }

    /** The owner of the events made without naming one. */
    static final String ALICE = "alice";

    static TaskStatusChanged status(UUID taskId, TaskStatus from, TaskStatus to) {
        return status(ALICE, taskId, from, to);
    }

    static TaskStatusChanged status(String owner, UUID taskId, TaskStatus from, TaskStatus to) {
        return new TaskStatusChanged(UUID.randomUUID(), Instant.now(), taskId, owner, from, to, null);
    }

    static TaskProgress progress(UUID taskId, int done, int total) {
        return progress(ALICE, taskId, done, total);
    }

    static TaskProgress progress(String owner, UUID taskId, int done, int total) {
        return new TaskProgress(UUID.randomUUID(), Instant.now(), taskId, owner, done, 0, total,
                100.0 * done / total, 60L, new Cost(new BigDecimal("1.25"), "CNY"));
    }

    static TaskCompleted completed(UUID taskId) {
        return new TaskCompleted(UUID.randomUUID(), Instant.now(), taskId, ALICE, 3, 3 * 1024,
                42.5, new Cost(new BigDecimal("3.10"), "CNY"));
    }

    static TaskFailed failed(UUID taskId) {
        return new TaskFailed(UUID.randomUUID(), Instant.now(), taskId, ALICE, "frame 7 failed 3 times");
    }

    /** A batch of a frame's renderer log as an agent sends it: {@code lines} numbered from {@code firstLine}. */
    static FrameLogBatch logs(UUID taskId, UUID frameId, long firstLine, String... lines) {
        LogLines.Packed packed = LogLines.pack(List.of(lines));
        return new FrameLogBatch(UUID.randomUUID(), Instant.now(), taskId, frameId, 1, "node-1", firstLine, lines.length,
                packed.uncompressedBytes(), packed.lz4());
    }

    static Notification notification(String userId, String title) {
        return new Notification(UUID.randomUUID(), Instant.now(), userId, Notification.Level.INFO, title, "text of " + title,
                null, Notification.Kind.OPERATOR);
    }

    @Override
    public void close() {
        producer.close();
    }
}
