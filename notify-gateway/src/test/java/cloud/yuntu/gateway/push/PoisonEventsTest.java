package cloud.yuntu.gateway.push;

import static cloud.yuntu.gateway.push.TaskEvents.notification;
import static cloud.yuntu.gateway.push.TaskEvents.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.task.TaskStatus;
import cloud.yuntu.contracts.task.TaskStatusChanged;
import cloud.yuntu.gateway.stream.StreamIds;
import cloud.yuntu.gateway.stream.StreamLog;
import cloud.yuntu.gateway.stream.StreamRecord;
import cloud.yuntu.testsupport.DeadLetterLog;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records the gateway cannot number, against the real broker and database: unreadable bytes and events the
 * database refuses as data (a NUL in the owner's name) on both topics the streams are numbered from go to
 * {@code farm.dead-letters}, counted, while the events around them are numbered in order; an unreadable
 * record of {@code farm.user-streams}, which every replica reads, is skipped and counted, and the next
 * numbered record still reaches its connection.
 */
@QuarkusTest
class PoisonEventsTest extends LiveFeedTest {

    @Inject
    StreamLog log;

    @Inject
    MeterRegistry meters;

    @Test
    void poisonOnTheNumberedTopicsBecomesDeadLettersAndTheEventsAroundItAreNumberedInOrder() throws Exception {
        String marker = UUID.randomUUID().toString();
        String user = "pia-" + marker;
        UUID task = UUID.randomUUID();
        double unreadableBefore = letters(Topics.TASK_EVENTS, "unreadable") + letters(Topics.NOTIFICATIONS, "unreadable");
        double refusedBefore = letters(Topics.TASK_EVENTS, "unprocessable") + letters(Topics.NOTIFICATIONS, "unprocessable");
        TaskStatusChanged first = status(user, task, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
        // PostgreSQL takes no NUL in a text: this owner's stream can never be written.
        TaskStatusChanged refused = status("pia-\u0000-" + marker, task, TaskStatus.QUEUED, TaskStatus.RENDERING);
        TaskStatusChanged last = status(user, task, TaskStatus.QUEUED, TaskStatus.RENDERING);

        events.publish(first);
        raw(Topics.TASK_EVENTS, "{\"type\":\"task.status.v1\",\"marker\":\"" + marker + "\"");
        events.publish(refused);
        events.publish(notification("pia-\u0000-" + marker, "refused " + marker));
        raw(Topics.NOTIFICATIONS, "not json " + marker);
        events.publish(last);

        await().atMost(PushClient.PATIENCE).pollInterval(Duration.ofMillis(100)).until(() ->
                log.open(StreamIds.user(user)).await().atMost(Duration.ofSeconds(10)).lastSeq() >= 2);
        List<StreamRecord> numbered = log.after(StreamIds.user(user), 0, Long.MAX_VALUE, 10).await().atMost(Duration.ofSeconds(10));
        assertThat(numbered).extracting(StreamRecord::eventId).as("the events around the poison, in order, once")
                .containsExactly(first.id(), last.id());

        List<ConsumerRecord<byte[], byte[]>> letters = DeadLetterLog.lettersNaming(broker, marker, 4);
        assertThat(letters).allSatisfy(letter -> assertThat(DeadLetterLog.header(letter, "dead-letter-service")).isEqualTo("notify-gateway"));
        assertThat(letters).filteredOn(letter -> "unprocessable".equals(DeadLetterLog.header(letter, "dead-letter-reason")))
                .extracting(letter -> DeadLetterLog.header(letter, "dead-letter-topic"))
                .containsExactlyInAnyOrder(Topics.TASK_EVENTS, Topics.NOTIFICATIONS);
        assertThat(letters).filteredOn(letter -> "unprocessable".equals(DeadLetterLog.header(letter, "dead-letter-reason")))
                .allSatisfy(letter -> {
                    assertThat(DeadLetterLog.header(letter, "dead-letter-cause")).contains("22021");
                    assertThat(DeadLetterLog.header(letter, "dead-letter-offset")).matches("\\d+");
                });
        assertThat(letters).filteredOn(letter -> DeadLetterLog.header(letter, "dead-letter-topic").equals(Topics.TASK_EVENTS)
                        && "unprocessable".equals(DeadLetterLog.header(letter, "dead-letter-reason")))
                .singleElement().satisfies(letter -> assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                        .contains(refused.id().toString()));
        assertThat(letters).filteredOn(letter -> "unreadable".equals(DeadLetterLog.header(letter, "dead-letter-reason")))
                .extracting(letter -> DeadLetterLog.header(letter, "dead-letter-topic"))
                .containsExactlyInAnyOrder(Topics.TASK_EVENTS, Topics.NOTIFICATIONS);
        assertThat(letters(Topics.TASK_EVENTS, "unreadable") + letters(Topics.NOTIFICATIONS, "unreadable"))
                .isEqualTo(unreadableBefore + 2);
        assertThat(letters(Topics.TASK_EVENTS, "unprocessable") + letters(Topics.NOTIFICATIONS, "unprocessable"))
                .isEqualTo(refusedBefore + 2);
    }

    @Test
    void anUnreadableRecordOfTheUserStreamsIsSkippedAndCountedAndTheNextRecordIsDelivered() throws Exception {
        String user = "ugo-" + UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Counter skipped = meters.counter("yuntu.gateway.events.dropped", "reason", "unreadable", "topic", "user-streams");
        double before = skipped.count();
        try (PushClient client = PushClient.connect(server, tokens.user(user), "")) {
            client.greeting();
            raw("farm.user-streams", "{\"stream\":");
            TaskStatusChanged after = status(user, task, TaskStatus.SUBMITTED, TaskStatus.QUEUED);
            events.publish(after);

            JsonNode delivered = client.next();
            assertThat(delivered.get("data").get("id").asText()).isEqualTo(after.id().toString());
            await().atMost(PushClient.PATIENCE).until(() -> skipped.count() >= before + 1);
        }
    }

    private double letters(String topic, String reason) {
        Counter counter = meters.find("yuntu.dead.letters").tags("topic", topic, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private void raw(String topic, String text) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, text.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

}
