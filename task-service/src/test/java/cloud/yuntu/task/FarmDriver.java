package cloud.yuntu.task;

import static org.awaitility.Awaitility.await;

import cloud.yuntu.contracts.FarmEvent;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentCommand;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameFailed;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.FrameStarted;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.EventDeserializer;
import cloud.yuntu.contracts.json.EventSerializer;
import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.deploy.kafka.KafkaBroker;
import cloud.yuntu.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the rest of the farm against task-service on the real broker and database: agents'
 * heartbeats and frame reports in, topics read back from the beginning, tiers of a test's own.
 */
public final class FarmDriver {

    private final KafkaBroker broker;
    private final TestDatabase db;

    public FarmDriver(KafkaBroker broker, TestDatabase db) {
        this.broker = broker;
        this.db = db;
    }

    /** A CPU tier (8 cores, 16 GiB, 1.8 CNY per hour) with a pool of its own, so tests never share agents' free slots. */
    public String isolatedTier() {
        String name = "t" + UUID.randomUUID().toString().substring(0, 8);
        sql("INSERT INTO task.tier (name, pool, cores, ram_gb, gpus, price_per_hour, currency) VALUES (?, ?, 8, 16, 0, 1.8000, 'CNY')",
                name, name);
        return name;
    }

    /** A GPU tier (2 GPUs of 48 GiB) with a pool of its own; far dearer than the seeded ones, so never the cheapest. */
    public String isolatedGpuTier() {
        String name = "g" + UUID.randomUUID().toString().substring(0, 8);
        sql("""
                INSERT INTO task.tier (name, pool, cores, ram_gb, gpus, gpu_model, gpu_memory_gb, price_per_hour, currency)
                VALUES (?, ?, 24, 64, 2, 'NVIDIA RTX A6000', 48, 90.0000, 'CNY')""", name, name);
        return name;
    }

    /** A heartbeat of an agent of {@code pool} with the simulated renderer (the scene analysis double's default). */
    public void heartbeat(String agentId, String pool, int slotsFree, List<UUID> running) {
        heartbeat(agentId, pool, slotsFree, running, List.of("simulate"));
    }

    /** A heartbeat of an agent of {@code pool} reporting {@code renderers} (version "1" each). */
    public void heartbeat(String agentId, String pool, int slotsFree, List<UUID> running, List<String> renderers) {
        heartbeat(agentId, List.of(pool), slotsFree, running, renderers);
    }

    /** A heartbeat of an agent serving every one of {@code pools} with one set of slots, reporting {@code renderers}. */
    public void heartbeat(String agentId, List<String> pools, int slotsFree, List<UUID> running, List<String> renderers) {
        send(Topics.AGENT_HEARTBEATS, agentId, new AgentHeartbeat(UUID.randomUUID(), Instant.now(), agentId, "host-" + agentId,
                pools, 8, 16L << 30, List.of(),
                renderers.stream().map(r -> new AgentHeartbeat.RendererVersion(r, "1")).toList(),
                Math.max(slotsFree, 1), slotsFree, running, AgentHeartbeat.AgentState.ACTIVE));
    }

    public void send(String topic, String key, FarmEvent event) {
        try (KafkaProducer<String, FarmEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EventSerializer<>())) {
            producer.send(new ProducerRecord<>(topic, key, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of {@code topic} from its beginning that matches, read until {@code until} holds. */
    public <T> List<ConsumerRecord<String, T>> read(String topic, Class<T> type, Predicate<ConsumerRecord<String, T>> matching,
            Predicate<List<ConsumerRecord<String, T>>> until, Duration atMost) {
        List<ConsumerRecord<String, T>> found = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new EventDeserializer<>(type))) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                return partitions != null && !partitions.isEmpty();
            });
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(atMost).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(r)) {
                        found.add(r);
                    }
                }
                return until.test(found);
            });
        }
        return found;
    }

    /** Reads what the topic holds now, waiting {@code settle} for late arrivals that should not come. */
    public <T> List<T> settled(String topic, Class<T> type, Predicate<ConsumerRecord<String, T>> matching, int atLeast,
            Duration settle) {
        read(topic, type, matching, l -> l.size() >= atLeast, Duration.ofSeconds(30));
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return read(topic, type, matching, l -> l.size() >= atLeast, Duration.ofSeconds(30)).stream()
                .map(ConsumerRecord::value).toList();
    }

    // ---- an agent's side of a job, played by the test ----

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Jobs of the task released into the simulated renderer's lane of {@code pool}, read until there are {@code atLeast}. */
    public List<FrameJob> jobs(UUID taskId, String pool, int atLeast) {
        return read(Topics.frameJobs(pool, "simulate"), FrameJob.class, r -> r.key().equals(taskId.toString()),
                l -> l.size() >= atLeast, WAIT).stream().map(ConsumerRecord::value).toList();
    }

    /** The task's jobs once {@code expected} were released and a few more dispatcher passes had the chance to release too many. */
    public List<FrameJob> jobsSettled(UUID taskId, String pool, int expected) {
        return settled(Topics.frameJobs(pool, "simulate"), FrameJob.class, r -> r.key().equals(taskId.toString()), expected,
                Duration.ofSeconds(2));
    }

    /** A frame event as an agent reports it (key taskId). */
    public void report(FrameEvent event) {
        send(Topics.FRAME_EVENTS, event.taskId().toString(), event);
    }

    /** The agent starts the job and completes it after {@code seconds} of renderer time. */
    public FrameCompleted render(String agent, FrameJob job, double seconds) {
        report(started(agent, job));
        FrameCompleted completed = completed(agent, job, seconds);
        report(completed);
        return completed;
    }

    /** The agent starts the job and it fails. */
    public FrameFailed fail(String agent, FrameJob job, String reason, boolean retryable) {
        report(started(agent, job));
        FrameFailed failed = failed(agent, job, reason, retryable);
        report(failed);
        return failed;
    }

    public static FrameStarted started(String agent, FrameJob job) {
        return new FrameStarted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agent, "host-" + agent);
    }

    /** The job's completion with one png per frame of its range (a chunk's too), reported on its lead frame. */
    public static FrameCompleted completed(String agent, FrameJob job, double seconds) {
        List<FrameOutput> outputs = IntStream.iterate(job.frames().start(), n -> n <= job.frames().end(), n -> n + job.frames().by())
                .mapToObj(n -> {
                    String name = String.format("shot.%04d.png", n);
                    return new FrameOutput(n, name, new StoredObject(job.resultKeyPrefix() + name, 1000 + n, "d".repeat(64),
                            "e".repeat(16), "f".repeat(32)));
                })
                .toList();
        return new FrameCompleted(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agent, outputs,
                seconds, 1 << 20);
    }

    public static FrameFailed failed(String agent, FrameJob job, String reason, boolean retryable) {
        return new FrameFailed(UUID.randomUUID(), Instant.now(), job.taskId(), job.frameId(), job.attempt(), agent,
                retryable ? 1 : 2, reason, List.of(reason), retryable);
    }

    /**
     * Reports the event and waits until task-service applied (or deliberately ignored) it. Progress is not
     * remembered, so behind it on the task's partition goes a marker that is: a failure of an attempt that
     * never was, which changes nothing.
     */
    public void reportAndAwait(FrameEvent event) {
        report(event);
        UUID awaited = event.id();
        if (event instanceof cloud.yuntu.contracts.frame.FrameProgress) {
            FrameFailed marker = new FrameFailed(UUID.randomUUID(), Instant.now(), event.taskId(), event.frameId(),
                    event.attempt() + 1000, "marker", 1, "marker", List.of(), true);
            report(marker);
            awaited = marker.id();
        }
        awaitProcessed(awaited);
    }

    /** Waits until task-service applied (or deliberately ignored) the event with this id. */
    public void awaitProcessed(UUID eventId) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM task.processed_event WHERE event_id = ?", eventId) == 1);
    }

    /** Waits until task-service recorded the agent's newest heartbeat reporting {@code slotsFree}. */
    public void awaitHeartbeat(String agentId, int slotsFree) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM task.agent WHERE id = ? AND slots_free = ?", agentId,
                slotsFree) == 1);
    }

    /** Commands sent to {@code agentId} on farm.agent-commands, read until there are {@code atLeast}. */
    public List<AgentCommand> commands(String agentId, int atLeast) {
        return read(Topics.AGENT_COMMANDS, AgentCommand.class, r -> r.key().equals(agentId), l -> l.size() >= atLeast, WAIT)
                .stream().map(ConsumerRecord::value).toList();
    }

    /** Notifications to {@code userId} that match, read until there is one. */
    public List<Notification> notifications(String userId, Predicate<Notification> matching) {
        return read(Topics.NOTIFICATIONS, Notification.class, r -> userId.equals(r.key()) && matching.test(r.value()),
                l -> !l.isEmpty(), WAIT).stream().map(ConsumerRecord::value).toList();
    }

    public long count(String query, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(query)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void sql(String statement, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(statement)) {
            bind(st, args);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }
}
