package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Another member of a share group, played by a test: the agent's client settings, one record at a time. */
final class OtherAgent {

    private OtherAgent() {
    }

    static KafkaShareConsumer<String, String> join(String bootstrapServers, String group, String topic) {
        KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", group,
                "share.acknowledgement.mode", "explicit",
                "share.acquire.mode", "record_limit",
                "max.poll.records", 1), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls until a record arrives; fails the test if none does within {@code within}. */
    static ConsumerRecord<String, String> pollOne(KafkaShareConsumer<String, String> consumer, Duration within) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(got::add);
        }
        Optional<ConsumerRecord<String, String>> first = got.stream().findFirst();
        assertThat(first).as("a record within " + within).isPresent();
        return first.get();
    }
}
