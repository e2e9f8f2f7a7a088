package cloud.yuntu.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its start on a background thread, keeping every record for assertions. */
public final class TopicReader<T> implements AutoCloseable {

    private final KafkaConsumer<String, T> consumer;
    private final List<ConsumerRecord<String, T>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    public TopicReader(String bootstrapServers, String topic, Deserializer<T> values) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "render-agent-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        thread = Thread.ofPlatform().daemon().name("read-" + topic).start(this::read);
    }

    public List<ConsumerRecord<String, T>> records() {
        return List.copyOf(records);
    }

    public List<T> values() {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private void read() {
        try {
            while (!closed) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        } catch (WakeupException closing) {
            // close() ends the loop.
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(5000);
    }
}
