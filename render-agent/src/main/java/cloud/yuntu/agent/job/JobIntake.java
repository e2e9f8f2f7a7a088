package cloud.yuntu.agent.job;

import cloud.yuntu.agent.render.LogText;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.json.FrameJobDeserializer;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Takes the frame jobs of one lane ({@code farm.frame-jobs.<pool>.<renderer>}) of a renderer this
 * agent has, from the lane's own share group: the agent runs one intake per lane it can serve, so work
 * for a renderer it lacks never reaches it, and every agent with the renderer shares the lane's one
 * partition. A lane task-service creates later is picked up at the consumer's next metadata refresh. A job
 * that arrives anyway but must not run here ({@link JobCheck}) is reported failed and rejected.
 * A share consumer is not thread-safe, so
 * this one thread owns it: it polls, starts jobs, and acknowledges every record a poll returned
 * before polling again, as the client requires. A running job's record is renewed (RENEW +
 * commit) about every renew interval; it comes back on the next poll with the same delivery
 * count and is recognised by its offset, not started twice. When the job's outcome is safely on
 * Kafka the record is accepted; when the agent stops mid-job it is released to another agent; if
 * the agent dies, the lock runs out and the broker delivers it again. While the agent can take
 * nothing (draining, or every slot busy with other pools' jobs) it leaves the group altogether,
 * because a share consumer also acquires records between polls.
 *
 * <p>A restarted broker forgets every share session, and the 4.2 client does not always build a
 * new one: it reconnects and then polls an empty session for ever. So a consumer whose
 * connection dropped and came back is replaced by a fresh one once it holds no running job.
 */
final class JobIntake implements Runnable {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String pool;
    private final String renderer;
    private final IntakeSettings settings;
    private final Slots slots;
    private final FrameRunner runner;
    private final JobCheck check;
    private final FrameJobDeserializer deserializer = new FrameJobDeserializer();
    /** Records of this lane's jobs on this agent, by where they sit in the topic. */
    private final Map<RecordPosition, FrameRun> inFlight = new HashMap<>();
    private final Semaphore wake = new Semaphore(0);
    /** frameId/attempt of jobs reported here whose record was lost; a bounded memory of recent ones. */
    private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    private volatile boolean stopping;
    /** Until when (System.nanoTime) polls come every hand-off poll interval; see {@link #jobEnded()}. */
    private volatile long handOffUntil = System.nanoTime();
    private volatile boolean configured;
    private volatile long stopDeadline;

    /**
     * @param recordLock the share group's lock duration
     * @param renewInterval how often running jobs are renewed
     * @param pollTimeout longest wait of a poll while idle
     * @param stopGrace how long a stopping intake waits for its jobs to be accepted or released
     * @param metadataMaxAge how soon the consumer sees a lane topic created after it subscribed
     * @param handOffPollInterval the pause between polls, while other jobs run, just after a job here ended
     * @param handOffWindow how long after a job ended polls come that often
     * @param deliveryCountLimit the broker's {@code group.share.delivery.count.limit}: a job that cannot run on that
     *        delivery is handed back, not released ({@link LastDelivery})
     */
    record IntakeSettings(String bootstrapServers, String agentId, int maxRecords, Duration recordLock,
                          Duration renewInterval, Duration pollTimeout, Duration stopGrace, Duration metadataMaxAge,
                          Duration handOffPollInterval, Duration handOffWindow, int deliveryCountLimit) {
    }

    private record RecordPosition(String topic, int partition, long offset) {

        static RecordPosition of(ConsumerRecord<?, ?> record) {
            return new RecordPosition(record.topic(), record.partition(), record.offset());
        }
    }

    JobIntake(String pool, String renderer, IntakeSettings settings, Slots slots, FrameRunner runner, JobCheck check) {
        this.pool = pool;
        this.renderer = renderer;
        this.settings = settings;
        this.slots = slots;
        this.runner = runner;
        this.check = check;
    }

    /** The lane this intake reads. */
    String lane() {
        return Topics.frameJobs(pool, renderer);
    }

    /** The share group is configured and the intake runs (in the group, or out of it for want of capacity). */
    boolean ready() {
        return configured && !stopping;
    }

    /**
     * Takes no new jobs (one a poll brings is released to the group at once) and leaves the group once the jobs
     * running here have reported, however long they take: they were taken while the agent served the pool. A
     * later {@link #stop()} still ends it within the stop grace.
     */
    void leave() {
        if (stopping) {
            return;
        }
        stopDeadline = Long.MAX_VALUE;
        stopping = true;
        wake.release();
    }

    /** Takes no new jobs; running ones are aborted by the caller and released here. */
    void stop() {
        stopDeadline = System.nanoTime() + settings.stopGrace().toNanos();
        stopping = true;
        wake.release();
    }

    @Override
    public void run() {
        String group = Topics.renderAgentsGroup(pool, renderer);
        if (!configureGroup(group)) {
            return;
        }
        KafkaShareConsumer<String, byte[]> consumer = null;
        try {
            while (!(stopping && (inFlight.isEmpty() || System.nanoTime() > stopDeadline))) {
                boolean canTake = !stopping && !slots.draining() && slots.free() > 0;
                if (inFlight.isEmpty() && !canTake) {
                    // A share consumer keeps fetching (and locking jobs) in the background even when not
                    // polled; an agent that cannot take work leaves the group so it holds nothing.
                    consumer = close(consumer, stopping ? "stopping" : "no free slot or draining");
                    pause(settings.pollTimeout());
                    continue;
                }
                try {
                    if (consumer == null) {
                        consumer = open(group);
                    }
                    pollOnce(consumer);
                    if (inFlight.isEmpty() && BrokerLink.droppedAndRestored(consumer)) {
                        // Jobs in flight are covered by their renewals' commits; an idle consumer has no
                        // other way to learn that the broker it reconnected to has no session for it.
                        consumer = close(consumer, "its broker connection dropped and came back; the broker may "
                                + "have forgotten its share session");
                    }
                } catch (KafkaException e) {
                    // A fresh consumer rejoins; records of running jobs come back to it once their locks
                    // lapse and are recognised by position, so their outcome is still acknowledged.
                    LOG.warnf(e, "Share consumer of lane %s failed; rejoining in %s", lane(), RETRY);
                    consumer = close(consumer, "consumer failed");
                    pause(RETRY);
                }
            }
            LOG.infof("Intake of lane %s stopped with %d job(s) still locked", lane(), inFlight.size());
        } finally {
            close(consumer, "stopping");
        }
    }

    private KafkaShareConsumer<String, byte[]> open(String group) {
        KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(consumerConfig(group),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(lane()));
        LOG.infof("Taking jobs from lane %s (share group %s)", lane(), group);
        return consumer;
    }

    private KafkaShareConsumer<String, byte[]> close(KafkaShareConsumer<String, byte[]> consumer, String why) {
        if (consumer != null) {
            try {
                consumer.close();
            } catch (KafkaException e) {
                LOG.warnf("Closing the share consumer of lane %s: %s", lane(), e.getMessage());
            }
            LOG.infof("Left share group of lane %s: %s", lane(), why);
        }
        return null;
    }

    private void pollOnce(KafkaShareConsumer<String, byte[]> consumer) {
        forgetLostRecords();
        ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
        for (ConsumerRecord<String, byte[]> record : records) {
            consumer.acknowledge(record, decide(record));
        }
        if (!records.isEmpty()) {
            commit(consumer);
        }
        if (!inFlight.isEmpty()) {
            pause(pauseWhileRunning());
        }
    }

    /**
     * A finished job whose record did not come back within a lock period is no longer ours: its
     * lock lapsed or the broker lost the acquisition (a restart). Waiting for it would keep this
     * intake renewing nothing for ever; the outcome is on Kafka already, and if the record is
     * delivered here again {@link #reported} accepts it without rendering twice.
     */
    private void forgetLostRecords() {
        long lockNanos = settings.recordLock().plus(settings.renewInterval()).toNanos();
        inFlight.values().removeIf(run -> {
            boolean lost = run.finishedLongerThan(lockNanos);
            if (lost) {
                LOG.infof("Record of frame %s attempt %d did not come back; forgetting it", run.job().frameId(),
                        run.job().attempt());
                if (run.outcome() == FrameRun.Outcome.REPORTED || run.outcome() == FrameRun.Outcome.REFUSED
                        || run.outcome() == FrameRun.Outcome.RETURNED) {
                    reported.add(run.job().frameId() + "/" + run.job().attempt());
                }
            }
            return lost;
        });
    }

    private AcknowledgeType decide(ConsumerRecord<String, byte[]> record) {
        RecordPosition position = RecordPosition.of(record);
        FrameRun known = inFlight.get(position);
        if (known != null) {
            return switch (known.outcome()) {
                case RUNNING -> AcknowledgeType.RENEW;
                case REPORTED -> {
                    inFlight.remove(position);
                    yield AcknowledgeType.ACCEPT;
                }
                case REFUSED -> {
                    inFlight.remove(position);
                    yield AcknowledgeType.REJECT;
                }
                case RETURNED -> {
                    inFlight.remove(position);
                    yield AcknowledgeType.ACCEPT;
                }
                case HANDED_BACK -> {
                    inFlight.remove(position);
                    yield AcknowledgeType.RELEASE;
                }
            };
        }
        FrameJob job;
        try {
            job = deserializer.deserialize(record.topic(), record.value());
            if (job == null || job.frameId() == null || job.scene() == null || job.frames() == null) {
                throw new IllegalArgumentException("incomplete job");
            }
        } catch (RuntimeException e) {
            // A record nobody can read would be delivered again and again: reject it for good.
            LOG.errorf("Rejecting unreadable frame job at %s (key %s, delivery %s): %s", position,
                    LogText.escape(String.valueOf(record.key())), record.deliveryCount().map(String::valueOf).orElse("?"),
                    LogText.escape(String.valueOf(e.getMessage())));
            return AcknowledgeType.REJECT;
        }
        if (reported.contains(job.frameId() + "/" + job.attempt())) {
            LOG.infof("Job for frame %s attempt %d came back after its outcome was reported; accepting it",
                    job.frameId(), job.attempt());
            return AcknowledgeType.ACCEPT;
        }
        Optional<Short> delivery = record.deliveryCount();
        // Every report of this delivery carries its token: a later delivery of the job to another agent (this one's
        // lock ran out) takes the frame over in task-service, which then ignores this one's reports.
        Long token = delivery.map(count -> FencingToken.of(job.attempt(), count)).orElse(null);
        if (stopping) {
            return cannotRun(position, job, delivery, token, "its intake of lane " + lane() + " is stopping");
        }
        Optional<JobCheck.Refusal> refusal = check.refusal(job);
        if (refusal.isPresent()) {
            // Needs no slot: nothing runs. Renewed until the refusal is confirmed, then rejected.
            inFlight.put(position, runner.refuse(job, token, refusal.get(), wake::release));
            return AcknowledgeType.RENEW;
        }
        Optional<Slot> slot = slots.tryTake();
        if (slot.isEmpty()) {
            return cannotRun(position, job, delivery, token, slots.draining() ? "draining" : "no free slot");
        }
        LOG.infof("Job for frame %s attempt %d of task %s on %s (delivery %s)", job.frameId(), job.attempt(),
                job.taskId(), record.topic(), delivery.map(String::valueOf).orElse("?"));
        inFlight.put(position, runner.start(job, token, slot.get(), this::jobEnded));
        return AcknowledgeType.RENEW;
    }

    /**
     * A job this agent cannot take now goes back to the share group, except on the record's last delivery: a release
     * would have the broker archive it, so it is handed back to task-service by a report (renewed until that is
     * confirmed, then accepted).
     */
    private AcknowledgeType cannotRun(RecordPosition position, FrameJob job, Optional<Short> delivery, Long token,
                                      String why) {
        if (LastDelivery.of(delivery, settings.deliveryCountLimit()) == LastDelivery.Disposal.RELEASE) {
            return AcknowledgeType.RELEASE;
        }
        String reason = LastDelivery.reason(settings.agentId(), why, delivery.orElseThrow(), settings.deliveryCountLimit());
        inFlight.put(position, runner.handBack(job, token, reason, wake::release));
        return AcknowledgeType.RENEW;
    }

    /**
     * A failed commit means the broker no longer knows this consumer's share session (a broker
     * restart, say); the client does not always recover one by itself and would then poll an empty
     * session for ever. Throwing makes {@link #run()} rejoin with a fresh consumer.
     */
    private void commit(KafkaShareConsumer<String, byte[]> consumer) {
        Map<TopicIdPartition, Optional<KafkaException>> result = consumer.commitSync();
        for (var entry : result.entrySet()) {
            if (entry.getValue().isPresent()) {
                throw new KafkaException("Acknowledgement on " + entry.getKey() + " not committed: "
                        + entry.getValue().get().getMessage(), entry.getValue().get());
            }
        }
    }

    private boolean configureGroup(String group) {
        while (!stopping) {
            try {
                ShareGroupSettings.apply(settings.bootstrapServers(), group, settings.recordLock());
                configured = true;
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                LOG.warnf("Cannot configure share group %s yet: %s", group, e.getMessage());
                pause(RETRY);
            }
        }
        return false;
    }

    private Map<String, Object> consumerConfig(String group) {
        return LaneConsumerConfig.of(settings.bootstrapServers(), settings.agentId(), pool, renderer, group,
                settings.maxRecords(), settings.metadataMaxAge());
    }

    /**
     * A job of this lane ended: its slot is free and task-service releases the next job into it within
     * moments, so polls come every {@code handOffPollInterval} for a while instead of every
     * {@code pollTimeout}, which would leave the slot idle for up to that long.
     */
    private void jobEnded() {
        handOffUntil = System.nanoTime() + settings.handOffWindow().toNanos();
        wake.release();
    }

    /**
     * Between polls while jobs run: a poll returns their renewed records at once, so polling without
     * a pause would spin (and renew every few milliseconds). With no free slot only renewals are due;
     * with one, new jobs are looked for every {@code pollTimeout}, or every {@code handOffPollInterval}
     * just after a job ended, when the next one is about to come.
     */
    private Duration pauseWhileRunning() {
        return pauseWhileRunning(slots.free() > 0 && !slots.draining() && !stopping,
                System.nanoTime() - handOffUntil < 0, settings);
    }

    static Duration pauseWhileRunning(boolean canTakeMore, boolean justEnded, IntakeSettings settings) {
        if (!canTakeMore) {
            return settings.renewInterval();
        }
        Duration free = min(settings.pollTimeout(), settings.renewInterval());
        return justEnded ? min(settings.handOffPollInterval(), free) : free;
    }

    private void pause(Duration duration) {
        try {
            if (wake.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
