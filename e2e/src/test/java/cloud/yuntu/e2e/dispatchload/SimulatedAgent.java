package cloud.yuntu.e2e.dispatchload;

import cloud.yuntu.agent.job.LaneConsumerConfig;
import cloud.yuntu.agent.report.EventProducer;
import cloud.yuntu.agent.report.FrameReporter;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.agent.AgentHeartbeat;
import cloud.yuntu.contracts.agent.AgentHeartbeat.AgentState;
import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.contracts.frame.StoredObject;
import cloud.yuntu.contracts.json.FrameJobDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One render agent as task-service and the broker see it, without a renderer: it heartbeats on
 * {@code farm.agent-heartbeats} (pools, one renderer, slots total and free, running frames), takes jobs of its
 * lane through a {@link KafkaShareConsumer} of its own in the lane's share group (the agent's own client settings,
 * {@link LaneConsumerConfig}), and for each job sends FrameStarted and FrameCompleted on {@code farm.frame-events}
 * with the agent's own {@link FrameReporter}, rendering in no time between the two. Its records are acknowledged as
 * the agent's intake acknowledges a frame shorter than its renew interval: a job taken stays unacknowledged while
 * it renders, and is ACCEPTed once its outcome is on Kafka (RELEASEd if the outcome could not be sent), the
 * acknowledgement riding on the next poll's fetch;
 * a job that finds no free slot is RELEASEd. As its renders take no time and run on its one thread, one consumer
 * is all it needs: it never holds a job while it waits for the next, so it takes up to its slots in one poll.
 *
 * <p>What it does not do: fetch the scene, run anything, upload images (the one output it reports is named as the
 * agent would name it but was never stored), send log batches or progress (a render of no time has none), or
 * refuse jobs for a renderer it lacks. One thread runs its consumer, as one intake thread does per lane.
 */
final class SimulatedAgent implements Runnable {

    /** The digests of a one-byte image: each reported output is well formed, though never uploaded. */
    private static final ContentDigest.Digests ONE_BYTE_IMAGE = oneByte();

    private final String id;
    private final String pool;
    private final String renderer;
    private final int slots;
    private final String bootstrapServers;
    private final EventProducer producer;
    private final DispatchTally tally;
    private final FrameJobDeserializer deserializer = new FrameJobDeserializer();
    /** When each slot freed up (its FrameCompleted was sent), oldest first: the next job received ends a hand-off. */
    private final ArrayDeque<Long> freedAt = new ArrayDeque<>();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger free;
    private final Duration pollTimeout = AgentDefaults.pollTimeout();
    private volatile boolean stopping;
    private volatile boolean stopped;

    SimulatedAgent(String id, String pool, String renderer, int slots, String bootstrapServers, EventProducer producer,
            DispatchTally tally) {
        this.id = id;
        this.pool = pool;
        this.renderer = renderer;
        this.slots = slots;
        this.bootstrapServers = bootstrapServers;
        this.producer = producer;
        this.tally = tally;
        this.free = new AtomicInteger(slots);
    }

    String id() {
        return id;
    }

    /** Its state now, as the agent's heartbeat timer sends it (fire and forget; the next beat makes up a lost one). */
    void heartbeat() {
        if (stopped) {
            return;
        }
        producer.send(Topics.AGENT_HEARTBEATS, id, heartbeat(AgentState.ACTIVE));
    }

    private AgentHeartbeat heartbeat(AgentState state) {
        return new AgentHeartbeat(UUID.randomUUID(), Instant.now(), id, id, List.of(pool), 8, 16L << 30, List.of(),
                List.of(new AgentHeartbeat.RendererVersion(renderer, "simulated")), slots,
                state == AgentState.STOPPED ? 0 : free.get(), List.copyOf(running), state);
    }

    /** Takes no new job; the loop ends after the current poll's jobs. */
    void stop() {
        stopping = true;
    }

    boolean stopped() {
        return stopped;
    }

    @Override
    public void run() {
        String group = Topics.renderAgentsGroup(pool, renderer);
        try (KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(
                LaneConsumerConfig.of(bootstrapServers, id, pool, renderer, group, slots, AgentDefaults.metadataMaxAge()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.frameJobs(pool, renderer)));
            while (!stopping) {
                try {
                    pollOnce(consumer);
                } catch (KafkaException e) {
                    tally.error(id + ": " + e);
                    sleep(Duration.ofSeconds(2));
                }
            }
        } catch (RuntimeException e) {
            tally.error(id + " stopped: " + e);
        } finally {
            stopped = true;
            try {
                producer.sendAndWait(Topics.AGENT_HEARTBEATS, id, heartbeat(AgentState.STOPPED), Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                tally.error(id + ": STOPPED heartbeat not confirmed: " + e.getMessage());
            }
        }
    }

    private void pollOnce(KafkaShareConsumer<String, byte[]> consumer) {
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
        long received = System.nanoTime();
        List<Taken> taken = new ArrayList<>();
        boolean acknowledged = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<AcknowledgeType> type = decide(record, received, taken);
            if (type.isPresent()) {
                consumer.acknowledge(record, type.get());
                acknowledged = true;
            }
        }
        if (acknowledged && !taken.isEmpty()) {
            // Sent before the renders, as the agent's intake commits what it settles before a job of the poll ends.
            commit(consumer);
        }
        for (Taken job : taken) {
            consumer.acknowledge(job.record(), render(job.job(), job.token()) ? AcknowledgeType.ACCEPT
                    : AcknowledgeType.RELEASE);
        }
        // The next poll carries these acknowledgements with its fetch, as the agent's taker does.
    }

    private record Taken(ConsumerRecord<String, byte[]> record, FrameJob job, long token) {
    }

    /** How the record is acknowledged before any job of the poll renders; empty for a job taken, rendered next. */
    private Optional<AcknowledgeType> decide(ConsumerRecord<String, byte[]> record, long received, List<Taken> taken) {
        FrameJob job;
        try {
            job = deserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            tally.error(id + ": unreadable job at offset " + record.offset() + ": " + e.getMessage());
            return Optional.of(AcknowledgeType.REJECT);
        }
        if (stopping || free.get() == 0) {
            return Optional.of(AcknowledgeType.RELEASE);
        }
        free.decrementAndGet();
        running.add(job.frameId());
        Long freed = freedAt.pollFirst();
        boolean handOff = freed != null && tally.countsHandOffFrom(freed);
        tally.booked(id, received, handOff ? received - freed : -1, record.deliveryCount().orElse((short) 0));
        // The agent's fencing token: the attempt and which delivery of its record this is.
        taken.add(new Taken(record, job, FencingToken.of(job.attempt(), record.deliveryCount().orElse((short) 1))));
        return Optional.empty();
    }

    /**
     * Started, then at once completed with one output, each confirmed by the broker before the next step; false if
     * the outcome could not be sent (the record is then released, as the agent hands such a job back).
     */
    private boolean render(FrameJob job, long token) {
        FrameReporter reporter = new FrameReporter(producer, job, id, token);
        try {
            reporter.started(id);
            int number = job.frames().start();
            String fileName = "image." + String.format("%04d", number) + "." + job.imageFormat();
            StoredObject object = ONE_BYTE_IMAGE.as(job.resultKeyPrefix() + fileName);
            long completing = System.nanoTime();
            reporter.completed(List.of(new FrameOutput(number, fileName, object)), 0.0, 0L);
            freedAt.addLast(completing);
            tally.completed(job.frameId());
            return true;
        } catch (RuntimeException e) {
            tally.error(id + ": frame " + job.frameId() + " not reported: " + e.getMessage());
            return false;
        } finally {
            running.remove(job.frameId());
            free.incrementAndGet();
        }
    }

    private void commit(KafkaShareConsumer<String, byte[]> consumer) {
        Map<TopicIdPartition, Optional<KafkaException>> result = consumer.commitSync();
        for (var entry : result.entrySet()) {
            if (entry.getValue().isPresent()) {
                throw new KafkaException("Acknowledgement on " + entry.getKey() + " not committed: "
                        + entry.getValue().get().getMessage(), entry.getValue().get());
            }
        }
    }

    private static ContentDigest.Digests oneByte() {
        ContentDigest digest = new ContentDigest();
        digest.update(new byte[1], 0, 1);
        return digest.finish();
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
