package cloud.yuntu.agent.job;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.KafkaResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the intake's consumer per held job ({@link LaneMember}) rests on, on the real broker with the 4.2.1 client: a
 * consumer renewing one job never receives another, even with room for it; and a consumer that accepted its last
 * job asks for nothing until polled again, so it locks nothing while it waits as a spare.
 */
class ShareConsumerJobTakingTest {

    /** Far longer than a fetch takes, far shorter than the lock a wrongly acquired job would wait out. */
    private static final Duration WITHIN = Duration.ofSeconds(4);

    private final KafkaBroker broker = KafkaResource.broker();
    private final String group = "render-agents-taking-" + UUID.randomUUID();
    private final String topic = "farm.frame-jobs.taking-" + UUID.randomUUID();
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void lane() throws Exception {
        ShareGroupSettings.apply(broker.bootstrapServers(), group, Duration.ofSeconds(15));
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void aConsumerRenewingAJobNeverReceivesTheNextThoughItHasRoomForIt() throws Exception {
        try (KafkaShareConsumer<String, String> consumer = consumer(2)) {
            publish("job-1");
            ConsumerRecord<String, String> first = OtherAgent.pollOne(consumer, Duration.ofSeconds(30));
            consumer.acknowledge(first, AcknowledgeType.RENEW);
            consumer.commitSync();
            publish("job-2");

            List<String> seen = new ArrayList<>();
            long until = System.nanoTime() + WITHIN.toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.value());
                    consumer.acknowledge(record, record.value().equals("job-1") ? AcknowledgeType.RENEW
                            : AcknowledgeType.ACCEPT);
                }
                consumer.commitSync();
                Thread.sleep(20);
            }
            assertThat(seen).as("job-1 back on every poll, job-2 never fetched").isNotEmpty().containsOnly("job-1");

            // Once it holds nothing it fetches again.
            consumer.poll(Duration.ofMillis(200)).forEach(r -> consumer.acknowledge(r, AcknowledgeType.ACCEPT));
            consumer.commitSync();
            assertThat(OtherAgent.pollOne(consumer, WITHIN).value()).isEqualTo("job-2");
        }
    }

    @Test
    void aConsumerThatAcceptedItsJobLocksNothingWhileNotPolled() throws Exception {
        try (KafkaShareConsumer<String, String> spare = consumer(1);
             KafkaShareConsumer<String, String> taker = consumer(1)) {
            publish("job-1");
            ConsumerRecord<String, String> first = OtherAgent.pollOne(spare, Duration.ofSeconds(30));
            spare.acknowledge(first, AcknowledgeType.RENEW);
            spare.commitSync();
            spare.poll(Duration.ofSeconds(5)).forEach(r -> spare.acknowledge(r, AcknowledgeType.ACCEPT));
            spare.commitSync();
            // The taker joins and waits; the spare is not polled from here on.
            assertThat(taker.poll(Duration.ofSeconds(1))).isEmpty();

            publish("job-2");

            ConsumerRecord<String, String> next = OtherAgent.pollOne(taker, WITHIN);
            assertThat(next.value()).isEqualTo("job-2");
            assertThat(next.deliveryCount()).as("never locked by the spare").hasValue((short) 1);
            taker.acknowledge(next, AcknowledgeType.ACCEPT);
            taker.commitSync();
        }
    }

    private void publish(String job) throws Exception {
        producer.send(new ProducerRecord<>(topic, "task-1", job)).get();
    }

    private KafkaShareConsumer<String, String> consumer(int maxRecords) {
        KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "group.id", group,
                "share.acknowledgement.mode", "explicit",
                "share.acquire.mode", "record_limit",
                "max.poll.records", maxRecords), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
