package cloud.yuntu.e2e.pushload;

import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.task.Cost;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.contracts.task.TaskProgress;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Task progress on {@code farm.task-events} at a steady rate, as task-service announces it: one
 * running task per user, each event the task's next frame done (so its percent never goes back and
 * the gateway numbers every one), keyed by task id, the contracts' JSON, from a producer set up like
 * task-service's outbox relay (acks from all in-sync replicas, idempotent, 5 ms linger). Each event's
 * {@code time} is the moment it is handed to the producer: the clients, on the same machine and
 * clock, take their latency from it.
 */
final class TaskEventLoad implements AutoCloseable {

    /** Frames of each task: more than any run sends, so no task reaches 100%. */
    private static final int FRAMES = 1_000_000;

    private final KafkaProducer<String, TaskEvent> producer;
    private final String[] userIds;
    private final UUID[] tasks;
    private final int[] framesDone;
    private final LongAdder failed = new LongAdder();

    TaskEventLoad(String bootstrapServers, String[] userIds) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "push-load",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new EventSerializer<>());
        this.userIds = userIds.clone();
        this.tasks = new UUID[userIds.length];
        for (int u = 0; u < tasks.length; u++) {
            tasks[u] = UUID.randomUUID();
        }
        this.framesDone = new int[userIds.length];
    }

    /** What one {@link #run} sent. */
    record Sent(long events, long[] perUser, Duration took) {

        double perSecond() {
            return events / Math.max(1e-9, took.toNanos() / 1e9);
        }

        /** Deliveries the clients should see: each user's events times that user's open connections. */
        long expectedDeliveries(int[] connectionsPerUser) {
            long expected = 0;
            for (int u = 0; u < perUser.length; u++) {
                expected += perUser[u] * connectionsPerUser[u];
            }
            return expected;
        }
    }

    /**
     * Sends {@code rate} events a second for {@code duration}, user after user in turn, paced by the
     * clock (a late tick catches up), then waits until the broker has them all.
     *
     * @param everySecond called about once a second with the events sent so far
     */
    Sent run(int rate, Duration duration, LongConsumer everySecond) {
        long[] perUser = new long[userIds.length];
        long sent = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long now;
        while ((now = System.nanoTime()) < end) {
            long due = (long) ((now - start) / 1e9 * rate);
            while (sent < due) {
                int user = (int) (sent % userIds.length);
                send(user);
                perUser[user]++;
                sent++;
            }
            if (now >= nextReport) {
                everySecond.accept(sent);
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            LockSupport.parkNanos(500_000);
        }
        producer.flush();
        return new Sent(sent, perUser, Duration.ofNanos(System.nanoTime() - start));
    }

    private void send(int user) {
        int done = ++framesDone[user];
        TaskProgress progress = new TaskProgress(UUID.randomUUID(), Instant.now(), tasks[user], userIds[user], done, 0, FRAMES,
                100.0 * done / FRAMES, null, new Cost(new BigDecimal("0.0001").multiply(BigDecimal.valueOf(done)), "CNY"));
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, tasks[user].toString(), progress), (metadata, error) -> {
            if (error != null) {
                failed.increment();
            }
        });
    }

    /** Events the broker did not take, since the start. */
    long failed() {
        return failed.sum();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
