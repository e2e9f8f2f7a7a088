package cloud.yuntu.agent.report;

import cloud.yuntu.agent.KafkaConfig;
import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.json.EventSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** The agent's one Kafka producer: idempotent, acks=all, contracts' JSON. Thread-safe. */
@ApplicationScoped
public class EventProducer {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESEND_PAUSE = Duration.ofMillis(500);

    private final KafkaProducer<String, FarmEvent> producer;

    /** Public (not only for CDI) so that a load harness simulating many agents in one JVM sends as an agent does. */
    public EventProducer(KafkaConfig kafka) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // A finished frame's report is on the path to the agent's next job, and it is awaited: no linger
                // (Kafka's default is 5 ms). An agent sends a few records a second; nothing needs batching up.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                // send() blocks this long for metadata; 60 s by default would stall renderer output and stops.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.CLIENT_ID_CONFIG, "render-agent"),
                new StringSerializer(), new EventSerializer<>());
    }

    /** Fire and forget, for events a later one supersedes (progress, logs, heartbeats). */
    public Future<RecordMetadata> send(String topic, String key, FarmEvent event) {
        return producer.send(new ProducerRecord<>(topic, key, event));
    }

    /** Returns once the broker has the event; a job is acknowledged only after its outcome is this safe. */
    public void sendAndWait(String topic, String key, FarmEvent event) {
        sendAndWait(topic, key, event, SEND_TIMEOUT);
    }

    /**
     * As {@link #sendAndWait(String, String, FarmEvent)}, giving up after {@code timeout}. A send
     * refused because the producer has no metadata for the topic (the broker is away: restarting,
     * say) fails after {@code max.block.ms}, long before {@code timeout}; it is sent again until
     * {@code timeout}, because an outcome given up on is a frame rendered again.
     */
    public void sendAndWait(String topic, String key, FarmEvent event, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                send(topic, key, event).get(left, TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventNotSent(event, e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
                        || System.nanoTime() + RESEND_PAUSE.toNanos() >= deadline) {
                    throw new EventNotSent(event, e);
                }
                pause(event);
            } catch (TimeoutException e) {
                throw new EventNotSent(event, e);
            }
        }
    }

    private static void pause(FarmEvent event) {
        try {
            Thread.sleep(RESEND_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotSent(event, e);
        }
    }

    public void flush() {
        producer.flush();
    }

    @PreDestroy
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** The broker did not confirm an event; the job stays unacknowledged so it is not lost. */
    public static final class EventNotSent extends RuntimeException {

        EventNotSent(FarmEvent event, Throwable cause) {
            super("Not confirmed by the broker: " + event.getClass().getSimpleName() + " " + event.id(), cause);
        }
    }
}
