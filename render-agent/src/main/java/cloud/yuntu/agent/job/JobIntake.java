package cloud.yuntu.agent.job;

import cloud.yuntu.agent.render.LogText;
import cloud.yuntu.contracts.Topics;
import cloud.yuntu.contracts.frame.FencingToken;
import cloud.yuntu.contracts.frame.FrameJob;
import cloud.yuntu.contracts.json.FrameJobDeserializer;
import java.time.Duration;
import java.util.ArrayList;
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
 *
 * <p>A share consumer that holds a job's record cannot also wait for the next job ({@link LaneMember}), so the
 * intake keeps one consumer per job it holds and, while a slot is free, one empty-handed consumer that waits in a
 * poll: a job released for a freed slot is taken the moment the broker has it, however many other jobs run here.
 * Consumers are not thread-safe; this one thread owns all of them. It acknowledges every record a poll returned
 * before polling that consumer again, as the client requires: a job just taken stays unacknowledged in its
 * consumer's hand, and is acknowledged when it has an outcome or, if it runs that long, renewed (RENEW + commit)
 * after a renew interval and every renew interval from then on; a renewed record comes back on its consumer's next
 * poll with the same delivery count and is recognised by its position, not started twice. When the job's outcome is safely on Kafka the record is accepted;
 * when the agent stops mid-job it is released to another agent; if the agent dies, the lock runs out and the broker
 * delivers it again. While the agent can take nothing (draining, or every slot busy with other pools' jobs, or
 * stepping back after refusing a job another agent may run) no consumer of the lane waits for jobs, and one that was
 * waiting is closed, because a share consumer that has asked for records keeps acquiring them between polls.
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
    /** The lane's open consumers: those holding job records, spares, and the taker waiting for the next job. */
    private final List<LaneMember> members = new ArrayList<>();
    private final Semaphore wake = new Semaphore(0);
    /** frameId/attempt of jobs reported here whose record was lost; a bounded memory of recent ones. */
    private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    private volatile boolean stopping;
    private volatile boolean configured;
    /** The intake's thread has finished: it takes nothing more, whatever the reason. */
    private volatile boolean finished;
    private volatile long stopDeadline;
    /** No new consumer is opened before this (System.nanoTime), after one failed: the broker may be away. */
    private long openAfter = System.nanoTime();
    /** No job is waited for before this (System.nanoTime), after a refusal another agent may do better with. */
    private long takeAfter = System.nanoTime();

    /**
     * @param recordLock the share group's lock duration
     * @param renewInterval how often running jobs are renewed
     * @param pollTimeout longest wait of one poll for the next job
     * @param stopGrace how long a stopping intake waits for its jobs to be accepted or released
     * @param metadataMaxAge how soon the consumer sees a lane topic created after it subscribed
     * @param deliveryCountLimit the broker's {@code group.share.delivery.count.limit}: a job that cannot run on that
     *        delivery is handed back, not released ({@link LastDelivery})
     * @param refusalStepBack how long the lane takes nothing after refusing a job another agent may run
     */
    record IntakeSettings(String bootstrapServers, String agentId, Duration recordLock, Duration renewInterval,
                          Duration pollTimeout, Duration stopGrace, Duration metadataMaxAge, int deliveryCountLimit,
                          Duration refusalStepBack) {
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
        return configured && !stopping && !finished;
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
        try {
            while (!(stopping && (inFlight.isEmpty() || System.nanoTime() > stopDeadline))) {
                try {
                    takeAndAcknowledge(group);
                } catch (RuntimeException e) {
                    // Whatever went wrong, the lane must not stop taking jobs on this agent while it says it is
                    // ready: its consumers are closed (their records come back and are recognised by position) and
                    // fresh ones take over.
                    LOG.errorf(e, "Intake of lane %s failed; its consumers are closed and fresh ones take over",
                            lane());
                    for (LaneMember member : List.copyOf(members)) {
                        close(member, "the intake failed");
                    }
                    openAfter = System.nanoTime() + RETRY.toNanos();
                    pause(RETRY);
                }
            }
            LOG.infof("Intake of lane %s stopped with %d job(s) still locked", lane(), inFlight.size());
        } finally {
            finished = true;
            for (LaneMember member : List.copyOf(members)) {
                close(member, "stopping");
            }
        }
    }

    /**
     * One round: acknowledges what is due, then waits for the next job with the taker while a slot is free, or
     * until the next renewal.
     */
    private void takeAndAcknowledge(String group) {
        forgetLostRecords();
        for (LaneMember member : List.copyOf(members)) {
            if (member.due(System.nanoTime(), settings.renewInterval(), this::ended)) {
                serve(member, settings.pollTimeout());
            }
        }
        long now = System.nanoTime();
        boolean steppingBack = now - takeAfter < 0;
        boolean canTake = !stopping && !slots.draining() && slots.free() > 0 && !steppingBack;
        LaneMember taker = canTake ? taker(group) : null;
        closeIdle(taker, canTake ? "" : stopping ? "stopping"
                : steppingBack ? "stepping back after refusing a job" : "no free slot or draining");
        long wait = Math.min(settings.pollTimeout().toNanos(),
                LaneMember.untilNextRenewal(members, now, settings.renewInterval()));
        if (steppingBack) {
            wait = Math.min(wait, takeAfter - now);
        }
        sendSettled(taker);
        if (taker != null) {
            taker.settlePending(false);
            serve(taker, Duration.ofNanos(wait));
        } else {
            pause(Duration.ofNanos(wait));
        }
    }

    /** The consumer to wait for the next job with: the last one that waited, a spare, or a new one. */
    private LaneMember taker(String group) {
        LaneMember taker = LaneMember.taker(members);
        if (taker != null || System.nanoTime() - openAfter < 0) {
            return taker;
        }
        try {
            KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(consumerConfig(group),
                    new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(lane()));
            taker = new LaneMember(consumer, System.nanoTime());
            members.add(taker);
            LOG.infof("Taking jobs from lane %s (share group %s; %d consumer(s) here)", lane(), group, members.size());
            return taker;
        } catch (KafkaException e) {
            LOG.warnf(e, "Cannot open a share consumer of lane %s; trying again in %s", lane(), RETRY);
            openAfter = System.nanoTime() + RETRY.toNanos();
            return null;
        }
    }

    /**
     * Closes the consumers that hold nothing and must not wait for jobs: one that asked the broker for records and
     * is not the taker (it would lock a job nobody polls for), and spares beyond what the agent's slots can use.
     */
    private void closeIdle(LaneMember taker, String why) {
        int spares = 0;
        for (LaneMember member : List.copyOf(members)) {
            if (member == taker || member.holds()) {
                continue;
            }
            if (member.fetching()) {
                close(member, why.isEmpty() ? "another consumer waits for the next job" : why);
            } else if (++spares > slots.total()) {
                close(member, "more spare consumers than slots");
            }
        }
    }

    /**
     * Acknowledges what one consumer holds: the records in its hand if it has any (they must be acknowledged before
     * it polls again), else what a poll returns, a holder's renewed records or the taker's new job. A consumer that
     * fails is closed; its records come back to another consumer once their locks lapse and are recognised by
     * position, so their outcome is still acknowledged.
     */
    private void serve(LaneMember member, Duration timeout) {
        try {
            List<ConsumerRecord<String, byte[]>> records = member.takeInHand();
            if (records.isEmpty()) {
                ConsumerRecords<String, byte[]> polled = member.consumer().poll(timeout);
                member.polled(!polled.isEmpty());
                records = new ArrayList<>(polled.count());
                polled.forEach(records::add);
            }
            boolean renewed = false;
            boolean settled = false;
            for (ConsumerRecord<String, byte[]> record : records) {
                // Held again below if it stays ours; a record whose lock lapsed may come back to another
                // consumer than the one that held it.
                RecordPosition position = RecordPosition.of(record);
                members.forEach(m -> m.forget(position));
                Optional<AcknowledgeType> type = decide(record);
                if (type.isEmpty()) {
                    member.keepInHand(record);
                    continue;
                }
                member.consumer().acknowledge(record, type.get());
                if (type.get() == AcknowledgeType.RENEW) {
                    member.hold(position);
                    renewed = true;
                } else {
                    settled = true;
                }
            }
            if (renewed) {
                // Waited for: a renewal that does not commit means the broker lost this consumer's session.
                commit(member.consumer());
            } else if (settled) {
                // The outcomes are on Kafka already; the acknowledgements ride on this consumer's next poll, which
                // is at once if it waits for the next job, and a lost one only brings the record back here,
                // where it is recognised.
                member.settlePending(true);
            }
            member.served(System.nanoTime());
            if (!member.holds() && BrokerLink.droppedAndRestored(member.consumer())) {
                // Jobs in flight are covered by their renewals' commits; an empty-handed consumer has no
                // other way to learn that the broker it reconnected to has no session for it.
                close(member, "its broker connection dropped and came back; the broker may have forgotten its "
                        + "share session");
            }
        } catch (KafkaException | IllegalStateException e) {
            // IllegalStateException: the client refused an acknowledgement or a poll for the state it is in.
            LOG.warnf(e, "Share consumer of lane %s failed; a fresh one takes over", lane());
            close(member, "consumer failed");
            openAfter = System.nanoTime() + RETRY.toNanos();
        }
    }

    /** Consumers other than the taker will not poll soon: their acknowledgements for good are sent now. */
    private void sendSettled(LaneMember taker) {
        for (LaneMember member : List.copyOf(members)) {
            if (member != taker && member.settlePending(false)) {
                try {
                    member.consumer().commitAsync();
                } catch (KafkaException e) {
                    LOG.warnf(e, "Share consumer of lane %s failed; a fresh one takes over", lane());
                    close(member, "consumer failed");
                }
            }
        }
    }

    private boolean ended(RecordPosition position) {
        FrameRun run = inFlight.get(position);
        return run == null || run.outcome() != FrameRun.Outcome.RUNNING;
    }

    private void close(LaneMember member, String why) {
        members.remove(member);
        try {
            member.consumer().close();
        } catch (KafkaException | IllegalStateException e) {
            LOG.warnf("Closing a share consumer of lane %s: %s", lane(), e.getMessage());
        }
        LOG.infof("Left share group of lane %s with one consumer (%d left here): %s", lane(), members.size(), why);
    }

    /**
     * A finished job whose record did not come back within a lock period is no longer ours: its
     * lock lapsed or the broker lost the acquisition (a restart). Waiting for it would keep this
     * intake renewing nothing for ever; the outcome is on Kafka already, and if the record is
     * delivered here again {@link #reported} accepts it without rendering twice.
     */
    private void forgetLostRecords() {
        long lockNanos = settings.recordLock().plus(settings.renewInterval()).toNanos();
        inFlight.entrySet().removeIf(entry -> {
            FrameRun run = entry.getValue();
            boolean lost = run.finishedLongerThan(lockNanos);
            if (lost) {
                LOG.infof("Record of frame %s attempt %d did not come back; forgetting it", run.job().frameId(),
                        run.job().attempt());
                if (run.outcome() == FrameRun.Outcome.REPORTED || run.outcome() == FrameRun.Outcome.REFUSED
                        || run.outcome() == FrameRun.Outcome.RETURNED) {
                    reported.add(run.job().frameId() + "/" + run.job().attempt());
                }
                members.forEach(m -> m.forget(entry.getKey()));
            }
            return lost;
        });
    }

    /**
     * How a record a consumer has in hand is acknowledged now; empty while it stays unacknowledged in that
     * consumer's hand: a job just taken (started, refused or being handed back) is acknowledged only once it has an
     * outcome or its lock needs renewing, which spares the broker a renewal per job.
     */
    private Optional<AcknowledgeType> decide(ConsumerRecord<String, byte[]> record) {
        RecordPosition position = RecordPosition.of(record);
        FrameRun known = inFlight.get(position);
        if (known != null) {
            return Optional.of(switch (known.outcome()) {
                case RUNNING -> AcknowledgeType.RENEW;
                case REPORTED -> {
                    inFlight.remove(position);
                    // Should the acceptance not reach the broker, the record comes back: accepted then, not rendered.
                    reported.add(known.job().frameId() + "/" + known.job().attempt());
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
            });
        }
        FrameJob job;
        try {
            job = deserializer.deserialize(record.topic(), record.value());
            if (job == null || job.frameId() == null || job.scene() == null || job.frames() == null) {
                throw new IllegalArgumentException("incomplete job");
            }
            if (job.attempt() < 1) {
                // Its fencing token could not be formed; task-service numbers attempts from 1.
                throw new IllegalArgumentException("attempt " + job.attempt() + " is not a job's attempt (from 1)");
            }
        } catch (RuntimeException e) {
            // A record nobody can read would be delivered again and again: reject it for good.
            LOG.errorf("Rejecting unreadable frame job at %s (key %s, delivery %s): %s", position,
                    LogText.escape(String.valueOf(record.key())), record.deliveryCount().map(String::valueOf).orElse("?"),
                    LogText.escape(String.valueOf(e.getMessage())));
            return Optional.of(AcknowledgeType.REJECT);
        }
        if (reported.contains(job.frameId() + "/" + job.attempt())) {
            LOG.infof("Job for frame %s attempt %d came back after its outcome was reported; accepting it",
                    job.frameId(), job.attempt());
            return Optional.of(AcknowledgeType.ACCEPT);
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
            if (refusal.get().retryable()) {
                // Another agent may run it, and the lane's next jobs are likely of the same task: let others ask first.
                takeAfter = System.nanoTime() + settings.refusalStepBack().toNanos();
            }
            // Needs no slot: nothing runs. Held until the refusal is confirmed, then rejected.
            inFlight.put(position, runner.refuse(job, token, refusal.get(), this::jobEnded));
            return Optional.empty();
        }
        Optional<Slot> slot = slots.tryTake();
        if (slot.isEmpty()) {
            return cannotRun(position, job, delivery, token, slots.draining() ? "draining" : "no free slot");
        }
        LOG.infof("Job for frame %s attempt %d of task %s on %s (delivery %s)", job.frameId(), job.attempt(),
                job.taskId(), record.topic(), delivery.map(String::valueOf).orElse("?"));
        inFlight.put(position, runner.start(job, token, slot.get(), this::jobEnded));
        return Optional.empty();
    }

    /**
     * A job this agent cannot take now goes back to the share group, except on the record's last delivery: a release
     * would have the broker archive it, so it is handed back to task-service by a report (held until that is
     * confirmed, then accepted).
     */
    private Optional<AcknowledgeType> cannotRun(RecordPosition position, FrameJob job, Optional<Short> delivery, Long token,
                                      String why) {
        if (LastDelivery.of(delivery, settings.deliveryCountLimit()) == LastDelivery.Disposal.RELEASE) {
            return Optional.of(AcknowledgeType.RELEASE);
        }
        String reason = LastDelivery.reason(settings.agentId(), why, delivery.orElseThrow(), settings.deliveryCountLimit());
        inFlight.put(position, runner.handBack(job, token, reason, this::jobEnded));
        return Optional.empty();
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
        // One job a consumer: the taker takes one, becomes its holder, and another consumer waits for the next.
        return LaneConsumerConfig.of(settings.bootstrapServers(), settings.agentId(), pool, renderer, group, 1,
                settings.metadataMaxAge());
    }

    /**
     * A job of this lane ended (or was refused, or handed back): the loop wakes to acknowledge its record at once,
     * and the consumer that held it, now empty-handed, waits for the next job if a slot is free.
     */
    private void jobEnded() {
        wake.release();
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
}
