package cloud.yuntu.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.testsupport.DeadLetterLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A record task-service cannot read, on each topic it consumes, against the real broker: it lands on
 * {@code farm.dead-letters} byte for byte with the topic, the service and the reason, it is counted in
 * the metrics, and the channel goes on with the next record. A record it reads but the database refuses
 * as data goes there too instead of being retried for ever.
 */
@QuarkusTest
class UnreadableEventsTest extends FarmTest {

    private static final List<String> CONSUMED = List.of(Topics.FRAME_EVENTS, Topics.AGENT_HEARTBEATS, Topics.SCENE_RESULTS);

    @Test
    void anUnreadableRecordOnEveryConsumedTopicBecomesADeadLetterAndTheChannelsGoOn() throws Exception {
        String marker = UUID.randomUUID().toString();
        // An agent the registry knows; an unreadable heartbeat under its key is not its tombstone.
        String tier = farm.isolatedTier();
        String known = "agent-before-poison-" + marker;
        farm.heartbeat(known, tier, 2, List.of());
        farm.awaitHeartbeat(known, 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : CONSUMED) {
                producer.send(new ProducerRecord<>(topic, bytes(known), bytes("{\"type\":\"no such event\",\"marker\":\"" + marker
                        + "\",\"topic\":\"" + topic + "\""))).get();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> letters = DeadLetterLog.lettersNaming(broker, marker, CONSUMED.size());
        assertThat(letters).extracting(r -> DeadLetterLog.header(r, "dead-letter-topic")).containsExactlyInAnyOrderElementsOf(CONSUMED);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            String topic = DeadLetterLog.header(letter, "dead-letter-topic");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"type\":\"no such event\",\"marker\":\"" + marker + "\",\"topic\":\"" + topic + "\"");
            assertThat(DeadLetterLog.header(letter, "dead-letter-service")).isEqualTo("task-service");
            assertThat(DeadLetterLog.header(letter, "dead-letter-reason")).isEqualTo("unreadable");
            assertThat(DeadLetterLog.header(letter, "dead-letter-cause")).contains("SerializationException").contains(topic);
            assertThat(letter.headers().lastHeader("deserialization-failure-data")).as("the bytes once, as the value").isNull();
        }

        // Every channel goes on: a heartbeat is recorded, a submitted task gets its analysis.
        farm.heartbeat("agent-after-poison-" + marker, tier, 2, List.of());
        farm.awaitHeartbeat("agent-after-poison-" + marker, 2);
        api.submitQueued(TaskApi.request(FileServiceStandIn.upload("after-poison.ma"), "1-2", tier));

        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String topic : CONSUMED) {
            assertThat(metrics).containsPattern("yuntu_dead_letters_total\\{[^}]*reason=\"unreadable\"[^}]*topic=\""
                    + topic.replace(".", "\\.") + "\"[^}]*} [1-9]");
        }
        // Read before the heartbeat after it (one channel, in order): not taken for the agent's tombstone.
        assertThat(farm.count("SELECT count(*) FROM task.agent WHERE id = ?", known)).as("the agent is still known").isEqualTo(1);
    }

    @Test
    void aHeartbeatTheDatabaseRefusesBecomesADeadLetterAndLaterHeartbeatsAreApplied() {
        String marker = UUID.randomUUID().toString();
        String tier = farm.isolatedTier();
        // PostgreSQL takes no NUL in a text: this heartbeat can never be recorded, however often it is tried.
        String poisoned = "agent-\u0000-" + marker;
        farm.heartbeat(poisoned, tier, 2, List.of());
        String after = "agent-after-refused-" + marker;
        farm.heartbeat(after, tier, 2, List.of());

        farm.awaitHeartbeat(after, 2);
        List<ConsumerRecord<byte[], byte[]>> letters = DeadLetterLog.lettersNaming(broker, marker, 1);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(DeadLetterLog.header(letter, "dead-letter-topic")).isEqualTo(Topics.AGENT_HEARTBEATS);
            assertThat(DeadLetterLog.header(letter, "dead-letter-reason")).isEqualTo("unprocessable");
            assertThat(DeadLetterLog.header(letter, "dead-letter-cause")).contains("22021");
            assertThat(DeadLetterLog.header(letter, "dead-letter-offset")).matches("\\d+");
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(poisoned);
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("\"agentId\"").contains(marker);
        });
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("yuntu_dead_letters_total\\{[^}]*reason=\"unprocessable\"[^}]*topic=\"farm\\.agent-heartbeats\"[^}]*} [1-9]");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
