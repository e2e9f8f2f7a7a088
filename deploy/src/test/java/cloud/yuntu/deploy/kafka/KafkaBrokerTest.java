package cloud.yuntu.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    static Path directory;
    static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(directory, 0, BrokerSettings.forTests());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void shareGroupHandsOutRecordsAndRedeliversReleasedOnes() throws Exception {
        String topic = "share-test";
        String group = "render-agents-test";
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        produce(topic, "job-1", "job-2");

        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group, topic)) {
            ConsumerRecord<String, String> first = pollOne(consumer);
            assertThat(first.value()).isEqualTo("job-1");
            assertThat(first.deliveryCount()).hasValue((short) 1);
            consumer.acknowledge(first, AcknowledgeType.RELEASE);
            consumer.commitSync();

            ConsumerRecord<String, String> again = pollOne(consumer);
            assertThat(again.value()).isEqualTo("job-1");
            assertThat(again.deliveryCount()).hasValue((short) 2);
            consumer.acknowledge(again, AcknowledgeType.ACCEPT);
            consumer.commitSync();

            ConsumerRecord<String, String> second = pollOne(consumer);
            assertThat(second.value()).isEqualTo("job-2");
            consumer.acknowledge(second, AcknowledgeType.ACCEPT);
            consumer.commitSync();
        }
    }

    @Test
    void aShareGroupMayHaveAThousandMembersOneLaneAThousandAgents() throws Exception {
        ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
        try (Admin admin = broker.admin()) {
            ConfigEntry maxSize = admin.describeConfigs(List.of(node)).all().get().get(node).get("group.share.max.size");
            assertThat(maxSize.value()).isEqualTo("1000");
        }
    }

    @Test
    void restartKeepsPortAndTopics() throws Exception {
        String topic = "survives-restart";
        produce(topic, "before");
        int port = broker.port();

        broker.restart();

        assertThat(broker.port()).isEqualTo(port);
        try (Admin admin = broker.admin()) {
            Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).contains(topic);
        }
    }

    private static void produce(String topic, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "task", value)).get();
            }
        }
    }

    private static KafkaShareConsumer<String, String> shareConsumer(String group, String topic) {
        KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "group.id", group,
                "share.acknowledgement.mode", "explicit",
                "share.acquire.mode", "record_limit",
                "max.poll.records", 1), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static ConsumerRecord<String, String> pollOne(KafkaShareConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(got::add);
        }
        assertThat(got).as("records within 30 s").hasSize(1);
        return got.getFirst();
    }
}
