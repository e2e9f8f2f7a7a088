package cloud.yuntu.task.outbox;

import cloud.yuntu.task.TaskConfig;
import cloud.yuntu.task.scheduling.FrameJobTopics;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The relay's Kafka producer: idempotent, acks from all in-sync replicas, so an acknowledged
 * record is durable and retries inside the producer never duplicate or reorder a partition.
 * Values are the outbox's JSON as written, byte for byte what contracts' EventSerializer makes.
 */
@ApplicationScoped
public class OutboxPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final FrameJobTopics jobTopics;

    public OutboxPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, TaskConfig config,
            FrameJobTopics jobTopics) {
        this.jobTopics = jobTopics;
        int timeoutMs = (int) config.outbox().sendTimeout().toMillis();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "task-service-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // The relay hands over a whole batch of rows at once, and a job waits for it on the hand-off path:
                // nothing is gained by lingering, records sent while a request is in flight batch up anyway.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // A broker that is down makes send() and its acknowledgement fail within the relay's
                // timeout; the rows stay in the outbox and the next pass sends them again.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeoutMs / 3),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Completes once the broker acknowledged every record, fails if any was not. */
    public Uni<Void> send(List<OutboxRecord> records, Duration timeout) {
        return Uni.createFrom().<Void>emitter(done -> {
                    jobTopics.ensureFor(records.stream().map(OutboxRecord::topic).distinct().toList());
                    AtomicInteger pending = new AtomicInteger(records.size());
                    for (OutboxRecord r : records) {
                        producer.send(new ProducerRecord<>(r.topic(), r.key(), r.payload().getBytes(StandardCharsets.UTF_8)),
                                (metadata, error) -> {
                                    if (error != null) {
                                        done.fail(error);
                                    } else if (pending.decrementAndGet() == 0) {
                                        done.complete(null);
                                    }
                                });
                    }
                })
                // send() may block while it waits for metadata of a broker that is away.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(timeout).fail();
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
