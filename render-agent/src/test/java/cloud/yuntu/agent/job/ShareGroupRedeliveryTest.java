package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * What the agent relies on from share groups, on the real broker, with the group configured the
 * way the agent configures it: a consumer that dies holding a job (stops polling, never
 * acknowledges) loses it when the lock expires, and another member gets it with delivery count 2.
 */
class ShareGroupRedeliveryTest {

    private static final Duration LOCK = Duration.ofSeconds(5);

    private final KafkaBroker broker = KafkaResource.broker();
    private final String group = "render-agents-redelivery-" + UUID.randomUUID();
    private final String topic = "farm.frame-jobs.redelivery-" + UUID.randomUUID();

    @Test
    void aJobHeldByADeadConsumerIsDeliveredToAnotherWithDeliveryCountTwo() throws Exception {
        ShareGroupSettings.apply(broker.bootstrapServers(), group, LOCK);
        assertGroupConfig("share.record.lock.duration.ms", Long.toString(LOCK.toMillis()));
        assertGroupConfig("share.auto.offset.reset", "earliest");
        try (Admin admin = broker.admin()) {
            // One partition, as task-service makes job topics: every member of the group is assigned it.
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "task-1", "job-1")).get();
        }

        KafkaShareConsumer<String, String> dying = consumer();
        KafkaShareConsumer<String, String> survivor = consumer();
        try {
            ConsumerRecord<String, String> first = OtherAgent.pollOne(dying, Duration.ofSeconds(30));
            assertThat(first.value()).isEqualTo("job-1");
            assertThat(first.deliveryCount()).hasValue((short) 1);
            // From here the first consumer is dead: no poll, no acknowledgement, no close.

            ConsumerRecord<String, String> again = OtherAgent.pollOne(survivor, LOCK.multipliedBy(6));

            assertThat(again.value()).isEqualTo("job-1");
            assertThat(again.offset()).isEqualTo(first.offset());
            assertThat(again.deliveryCount()).hasValue((short) 2);
            survivor.acknowledge(again, AcknowledgeType.ACCEPT);
            survivor.commitSync();
        } finally {
            survivor.close();
            dying.close(Duration.ZERO);
        }
    }

    /**
     * Why the agent hands a job it cannot run back to task-service on the record's last delivery ({@link LastDelivery})
     * rather than releasing it: the count grows by one with each delivery, and a release of the delivery whose count
     * is the broker's limit (5, {@code BrokerSettings.forTests()} as in production) archives the record for good.
     */
    @Test
    void aJobReleasedOnItsLastDeliveryIsNeverDeliveredAgain() throws Exception {
        ShareGroupSettings.apply(broker.bootstrapServers(), group, LOCK);
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "task-1", "job-1")).get();
        }
        List<Short> counts = new java.util.ArrayList<>();
        try (KafkaShareConsumer<String, String> consumer = consumer()) {
            for (int delivery = 1; delivery <= 5; delivery++) {
                ConsumerRecord<String, String> record = OtherAgent.pollOne(consumer, Duration.ofSeconds(30));
                counts.add(record.deliveryCount().orElseThrow());
                assertThat(LastDelivery.of(record.deliveryCount(), 5))
                        .isEqualTo(delivery < 5 ? LastDelivery.Disposal.RELEASE : LastDelivery.Disposal.HAND_BACK);
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
                consumer.commitSync();
            }
            assertThat(counts).containsExactly((short) 1, (short) 2, (short) 3, (short) 4, (short) 5);

            List<ConsumerRecord<String, String>> after = new java.util.ArrayList<>();
            long until = System.nanoTime() + LOCK.multipliedBy(2).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(after::add);
            }
            assertThat(after).as("archived after its fifth delivery was released").isEmpty();
        }
    }

    private void assertGroupConfig(String name, String value) throws Exception {
        try (Admin admin = broker.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(name).value()).isEqualTo(value);
        }
    }

    private KafkaShareConsumer<String, String> consumer() {
        return OtherAgent.join(broker.bootstrapServers(), group, topic);
    }
}
