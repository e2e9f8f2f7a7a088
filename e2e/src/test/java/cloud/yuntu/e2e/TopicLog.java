package cloud.yuntu.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A topic read from its start up to its end as it is when the reading starts, without a consumer group:
 * what it held at that moment, however quiet or busy it is (no waiting for empty polls).
 */
final class TopicLog {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private TopicLog() {
    }

    /**
     * One record as it is on the topic, with what {@link #upToNow} read in it.
     *
     * @param key the key's bytes, null when it has none
     */
    record Logged<T>(int partition, long offset, byte[] key, byte[] value, Headers headers, T event) {
    }

    /**
     * @param read the event in a record's value; a record it throws for or answers null for is passed over
     * @param wanted which events to keep
     * @return the kept records, partition by partition, each in log order; empty when the topic does not exist
     */
    static <T> List<Logged<T>> upToNow(String bootstrapServers, String topic, BiFunction<String, byte[], T> read,
            Predicate<T> wanted) {
        List<Logged<T>> kept = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return kept;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " up to " + end + " within " + PATIENCE);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(topic, record.partition()))) {
                        continue;
                    }
                    T event = readOrNull(read, topic, record.value());
                    if (event != null && wanted.test(event)) {
                        kept.add(new Logged<>(record.partition(), record.offset(), record.key(), record.value(),
                                record.headers(), event));
                    }
                }
            }
        }
        kept.sort(Comparator.<Logged<T>>comparingInt(Logged::partition).thenComparingLong(Logged::offset));
        return kept;
    }

    private static <T> T readOrNull(BiFunction<String, byte[], T> read, String topic, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return read.apply(topic, value);
        } catch (RuntimeException notThisKind) {
            return null;
        }
    }
}
