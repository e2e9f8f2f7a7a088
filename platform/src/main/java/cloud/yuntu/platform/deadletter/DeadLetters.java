package cloud.yuntu.platform.deadletter;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.json.FarmJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where a service puts a record it cannot process: {@link Topics#DEAD_LETTERS}, the original bytes
 * with their headers plus {@code dead-letter-topic}, {@code dead-letter-service}, {@code dead-letter-reason}
 * and {@code dead-letter-cause}, so the consumer goes on and the record is neither lost nor retried
 * forever. Every letter counts in {@code yuntu.dead.letters} (tags {@code topic}, {@code reason}), the
 * figure operators alert on.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** How long a consumer waits for its letter to be stored before it logs the record instead. */
    private static final long SEND_TIMEOUT_SECONDS = 10;
    private static final int CAUSE_LIMIT = 1_000;

    /** What went wrong, in the few words a dashboard groups by. */
    public enum Reason {
        /** The bytes are not an event of the topic's contract (bad JSON, unknown type, missing field). */
        UNREADABLE,
        /** An event of the contract that cannot be applied, trying again or not ({@link Poison}). */
        UNPROCESSABLE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String bootstrapServers;
    private final String service;
    private final MeterRegistry meters;
    private volatile KafkaProducer<byte[], byte[]> producer;

    DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String service, MeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.service = service;
        this.meters = meters;
    }

    /**
     * Stores the record as a dead letter; waits until the broker has it, since the caller skips the
     * record next. Should the broker not take it either, the record is logged in full instead.
     *
     * @return whether the broker has the letter
     */
    public boolean send(String topic, Reason reason, Throwable cause, byte[] key, byte[] value, Headers headers) {
        counter(topic, reason).increment();
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, value);
        if (headers != null) {
            // smallrye's copies of the bytes (deserialization-failure-data and the like) would double the letter:
            // the value holds them already. Its reason and cause headers stay.
            headers.forEach(h -> {
                if (!(h.key().startsWith("deserialization-failure-") && h.key().endsWith("data"))) {
                    letter.headers().add(h);
                }
            });
        }
        letter.headers()
                .add("dead-letter-topic", bytes(topic))
                .add("dead-letter-service", bytes(service))
                .add("dead-letter-reason", bytes(reason.tag()))
                .add("dead-letter-cause", bytes(describe(cause)));
        try {
            producer().send(letter).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.warnf("A record of %s went to %s (%s): %s", topic, Topics.DEAD_LETTERS, reason.tag(), describe(cause));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lost(topic, reason, cause, value, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            lost(topic, reason, cause, value, e);
        }
        return false;
    }

    /**
     * Stores a record its consumer read but cannot apply ({@link Poison}), as JSON of the event, with its
     * partition and offset, without blocking the caller's thread; the Uni ends once the broker has it, and
     * fails when it could not be stored (the consumer then keeps the record).
     */
    public Uni<Void> unprocessable(ConsumerRecord<String, ?> record, Throwable cause) {
        return Uni.createFrom().item(() -> {
                    byte[] value;
                    try {
                        value = FarmJson.mapper().writeValueAsBytes(record.value());
                    } catch (JsonProcessingException e) {
                        value = String.valueOf(record.value()).getBytes(StandardCharsets.UTF_8);
                    }
                    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
                    headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
                    headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
                    if (!send(record.topic(), Reason.UNPROCESSABLE, cause,
                            record.key() == null ? null : bytes(record.key()), value, headers)) {
                        // Not stored: the consumer keeps the record and tries again rather than lose it.
                        throw new IllegalStateException("dead letter of " + record.topic() + "-" + record.partition()
                                + "@" + record.offset() + " not stored");
                    }
                    return (Void) null;
                })
                // The send waits for the broker; never on the caller's event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Counter counter(String topic, Reason reason) {
        return Counter.builder("yuntu.dead.letters")
                .description("Records a consumer could not process and put on " + Topics.DEAD_LETTERS)
                .tag("topic", topic).tag("reason", reason.tag())
                .register(meters);
    }

    private static void lost(String topic, Reason reason, Throwable cause, byte[] value, Exception why) {
        LOG.errorf("A record of %s (%s: %s) could not be stored as a dead letter (%s); its bytes as UTF-8: %s",
                topic, reason.tag(), describe(cause), why.toString(),
                value == null ? "(none)" : new String(value, StandardCharsets.UTF_8));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> made = producer;
        if (made == null) {
            synchronized (this) {
                made = producer;
                if (made == null) {
                    // Made on first use: most services never write a dead letter.
                    made = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.CLIENT_ID_CONFIG, service + "-dead-letters",
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(SEND_TIMEOUT_SECONDS)),
                            new ByteArraySerializer(), new ByteArraySerializer());
                    producer = made;
                }
            }
        }
        return made;
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause given";
        }
        StringBuilder text = new StringBuilder(cause.toString());
        for (Throwable c = cause.getCause(); c != null && c != c.getCause() && text.length() < CAUSE_LIMIT; c = c.getCause()) {
            text.append(" <- ").append(c);
        }
        return text.length() <= CAUSE_LIMIT ? text.toString() : text.substring(0, CAUSE_LIMIT) + "...";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        KafkaProducer<byte[], byte[]> made = producer;
        if (made != null) {
            made.close(java.time.Duration.ofSeconds(5));
        }
    }
}
