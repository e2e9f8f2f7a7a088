package cloud.yuntu.testsupport;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads {@code farm.dead-letters} from its start, as an operator would: what a service could not process, and why. */
public final class DeadLetterLog {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private DeadLetterLog() {
    }

    /**
     * Waits up to a minute for {@code expected} letters whose value contains {@code marker} (an id, a text the test
     * put in the bad record).
     *
     * @return the letters found, fewer than expected when the minute ran out
     */
    public static List<ConsumerRecord<byte[], byte[]>> lettersNaming(KafkaBroker broker, String marker, int expected) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // The topic exists once the first letter was sent.
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.DEAD_LETTERS, Duration.ofSeconds(5));
                if (infos == null || infos.isEmpty()) {
                    pause();
                } else {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(Duration.ofMillis(200))) {
                    if (letter.value() != null && new String(letter.value(), StandardCharsets.UTF_8).contains(marker)) {
                        found.add(letter);
                    }
                }
            }
        }
        return found;
    }

    /** A header of the letter as text (dead-letter-topic, -service, -reason, -cause, -offset, ...); null when absent. */
    public static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        Header header = letter.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
