package cloud.yuntu.gateway.stream;

import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Numbers the farm's events in the users' streams: reads {@code farm.task-events} and
 * {@code farm.notifications} in one consumer group shared by all gateway replicas (so each event
 * is numbered by one of them), appends each batch to the {@link StreamLog} and hands the numbered
 * records to every replica over {@code farm.user-streams}. Offsets are committed only after both,
 * so a replica that dies mid-batch leaves the batch to the next one, which finds it numbered and
 * publishes it again: nothing is lost, nothing is numbered twice. An event that can never be numbered
 * (the database refuses it as data, platform's {@link Poison}) goes to {@code farm.dead-letters} instead
 * of holding every user's stream back: the batch is then numbered event by event, so the others of it
 * are numbered, in order.
 */
@ApplicationScoped
public class StreamSequencer {

    private static final Logger LOG = Logger.getLogger(StreamSequencer.class);
    /** The database may be restarting: wait for it rather than skip events, which would lose them. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);

    private final StreamLog log;
    private final DeadLetters deadLetters;
    private final ProgressGuard progress;
    private final MutinyEmitter<StreamRecord> out;
    private final Counter stale;
    private final Counter numbered;

    /**
     * @param out unbounded: a batch is handed over whole and acknowledged before the next is read, so
     *        what waits here is one batch's records; with the default buffer (128 beyond the sink's
     *        1,024 in flight) a batch of more records (a large batch under backlog, a broadcast to
     *        more than about 1,150 streams) was refused and stopped the numbering
     */
    StreamSequencer(StreamLog log, ProgressGuard progress,
            @Channel("user-streams-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<StreamRecord> out,
            MeterRegistry registry, DeadLetters deadLetters) {
        this.log = log;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.out = out;
        this.stale = registry.counter("yuntu.gateway.events.dropped", "reason", "stale-progress", "topic", "task-events");
        this.numbered = registry.counter("yuntu.gateway.stream.records");
    }

    /** One event of a batch and the record it came in, which becomes the dead letter should the event be poison. */
    record Pending(ConsumerRecord<String, ?> record, Push push) {
    }

    @Incoming("stream-task-events")
    public Uni<Void> taskEvents(ConsumerRecords<String, TaskEvent> batch) {
        // An unreadable record (already a dead letter, platform's UnreadableRecords) or a tombstone arrives as null.
        List<ConsumerRecord<String, TaskEvent>> admitted = new ArrayList<>();
        for (ConsumerRecord<String, TaskEvent> record : batch) {
            if (record.value() != null && admitted(record.value())) {
                admitted.add(record);
            }
        }
        return pushes(admitted, Push::of).chain(this::sequence);
    }

    @Incoming("stream-notifications")
    public Uni<Void> notifications(ConsumerRecords<String, Notification> batch) {
        List<ConsumerRecord<String, Notification>> readable = new ArrayList<>();
        batch.forEach(record -> {
            if (record.value() != null) {
                readable.add(record);
            }
        });
        return pushes(readable, Push::of).chain(this::sequence);
    }

    /** The pushes of the records; a record no push can be made of (its JSON cannot be written) is a dead letter. */
    private <E> Uni<List<Pending>> pushes(List<ConsumerRecord<String, E>> records, Function<E, Push> push) {
        List<Pending> pending = new ArrayList<>(records.size());
        List<Uni<Void>> letters = new ArrayList<>();
        for (ConsumerRecord<String, E> record : records) {
            try {
                pending.add(new Pending(record, push.apply(record.value())));
            } catch (RuntimeException e) {
                // Tried until the broker has the letter: skipping the record unrecorded would lose it.
                letters.add(letter(record, e).onFailure().retry().withBackOff(FIRST_BACKOFF, LONGEST_BACKOFF).indefinitely());
            }
        }
        return letters.isEmpty() ? Uni.createFrom().item(pending)
                : Uni.join().all(letters).andFailFast().replaceWith(pending);
    }

    private boolean admitted(TaskEvent event) {
        if (progress.admits(event)) {
            return true;
        }
        stale.increment();
        LOG.debugf("Dropped out-of-order progress %s of task %s", event.id(), event.taskId());
        return false;
    }

    private Uni<Void> sequence(List<Pending> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> log.append(pending.stream().map(Pending::push).toList()))
                // One event the database refuses fails the whole batch's transaction: number them one by one.
                .onFailure(Poison::is).recoverWithUni(e -> oneByOne(pending))
                // The database away (or a letter not stored) must not lose events: the whole batch again. What
                // was numbered meanwhile keeps its numbers (a redelivery) and is published again.
                .onFailure().invoke(e -> LOG.warnf("Numbering %d events failed, trying again: %s", pending.size(), e.toString()))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, LONGEST_BACKOFF).indefinitely()
                .chain(this::publish);
    }

    /** Numbers the events alone, in batch order; each the database refuses as data becomes a dead letter. */
    private Uni<List<StreamRecord>> oneByOne(List<Pending> pending) {
        Uni<List<StreamRecord>> numbered = Uni.createFrom().item(new ArrayList<>());
        for (Pending one : pending) {
            numbered = numbered.chain(records -> Uni.createFrom().deferred(() -> log.append(List.of(one.push())))
                    .onFailure(Poison::is).recoverWithUni(e -> letter(one.record(), e).replaceWith(List.<StreamRecord>of()))
                    .map(added -> {
                        records.addAll(added);
                        return records;
                    }));
        }
        return numbered;
    }

    private Uni<Void> letter(ConsumerRecord<String, ?> record, Throwable cause) {
        LOG.warnf("Event at %s-%d@%d cannot be numbered: %s", record.topic(), record.partition(), record.offset(), cause);
        return deadLetters.unprocessable(record, cause);
    }

    private Uni<Void> publish(List<StreamRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        numbered.increment(records.size());
        List<Uni<Void>> sent = records.stream()
                .map(record -> out.sendMessage(Message.of(record).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(record.stream()).build())))
                .toList();
        return Uni.join().all(sent).andFailFast().replaceWithVoid();
    }
}
