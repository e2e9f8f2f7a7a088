package cloud.yuntu.e2e.dispatchload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The largest record of every topic, read back from the broker from the first offset to the last, against the
 * size the topic and a producer allow: a record nearly that large is one task of more frames away from a
 * {@code RecordTooLargeException} that would stall the outbox it leaves through.
 */
public final class RecordSizes {

    /** A producer's {@code max.request.size} unless it sets another (task-service's outbox and the agents do not). */
    public static final int PRODUCER_LIMIT = (Integer) ProducerConfig.configDef().defaultValues()
            .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    /** What a batch of one record adds to the record's key, value and headers, at most. */
    public static final int OVERHEAD = DefaultRecordBatch.RECORD_BATCH_OVERHEAD + DefaultRecord.MAX_RECORD_OVERHEAD;

    private RecordSizes() {
    }

    /**
     * @param records how many the topic holds
     * @param largest bytes of key, value and headers of its largest record
     * @param largestAt partition and offset of that record
     * @param limit the smaller of the topic's {@code max.message.bytes} and {@link #PRODUCER_LIMIT}
     */
    public record TopicRecords(String topic, long records, int largest, String largestAt, int limit) {

        /** The largest record fits one batch under the limit, with room for the batch's own bytes. */
        public boolean fits() {
            return largest + OVERHEAD <= limit;
        }
    }

    /** Every topic but Kafka's internal ones, read from the start. */
    public static List<TopicRecords> read(Admin admin, String bootstrapServers) throws Exception {
        Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<String, Integer> limits = new HashMap<>();
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        configs.forEach((resource, config) -> limits.put(resource.name(),
                Math.min(PRODUCER_LIMIT, Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()))));
        List<TopicPartition> partitions = topics.values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .collect(Collectors.toList());
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, String> largestAt = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            end.entrySet().removeIf(e -> e.getValue() == 0);
            names.forEach(n -> counts.put(n, new long[2]));
            long idleSince = System.nanoTime();
            while (!end.isEmpty()) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    long[] c = counts.get(r.topic());
                    c[0]++;
                    int size = Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize()) + headerBytes(r);
                    if (size > c[1]) {
                        c[1] = size;
                        largestAt.put(r.topic(), r.partition() + "@" + r.offset());
                    }
                }
                for (TopicPartition p : new ArrayList<>(end.keySet())) {
                    if (consumer.position(p) >= end.get(p)) {
                        end.remove(p);
                    }
                }
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException("reading back the topics stalled before the end of " + end.keySet());
                }
            }
        }
        List<TopicRecords> result = new ArrayList<>();
        counts.forEach((topic, c) -> result.add(new TopicRecords(topic, c[0], (int) c[1], largestAt.getOrDefault(topic, "-"),
                limits.get(topic))));
        return result;
    }

    private static int headerBytes(ConsumerRecord<?, ?> record) {
        int bytes = 0;
        for (Header h : record.headers()) {
            bytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return bytes;
    }
}
