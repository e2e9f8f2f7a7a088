package cloud.yuntu.file;

import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Status changes of tasks on farm.task-events as task-service announces them, always to partition 0,
 * so the order of sends is the order file-service handles them in.
 */
public final class TaskEvents implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;

    public TaskEvents(KafkaBroker broker) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>());
    }

    public void status(UUID taskId, String user, TaskStatus from, TaskStatus to) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, 0, taskId.toString(),
                new TaskStatusChanged(UUID.randomUUID(), Instant.now(), taskId, user, from, to, null))).get();
    }

    /** Waits until file-service has handled every event sent before: it knows the owner of a new task sent after them. */
    public void awaitHandled() throws Exception {
        UUID marker = UUID.randomUUID();
        status(marker, "marker", TaskStatus.SUBMITTED, TaskStatus.QUEUED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Identities.asUser("marker").get("/api/files/results/" + marker).then().statusCode(200));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
