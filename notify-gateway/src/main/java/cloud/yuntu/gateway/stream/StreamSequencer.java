package cloud.yuntu.gateway.stream;

import cloud.yuntu.contracts.notification.Notification;
import cloud.yuntu.contracts.task.TaskEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * publishes it again: nothing is lost, nothing is numbered twice.
 */
@ApplicationScoped
public class StreamSequencer {

    private static final Logger LOG = Logger.getLogger(StreamSequencer.class);
    /** The database may be restarting: wait for it rather than skip events, which would lose them. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);

    private final StreamLog log;
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
            MeterRegistry registry) {
        this.log = log;
        this.progress = progress;
        this.out = out;
        this.stale = registry.counter("yuntu.gateway.events.dropped", "reason", "stale-progress", "topic", "task-events");
        this.numbered = registry.counter("yuntu.gateway.stream.records");
    }

    @Incoming("stream-task-events")
    public Uni<Void> taskEvents(List<TaskEvent> batch) {
        // An unreadable record (logged by the connector) or a tombstone arrives as null: nothing to show.
        List<Push> pushes = batch.stream().filter(Objects::nonNull).filter(this::admitted).map(Push::of).toList();
        return sequence(pushes);
    }

    @Incoming("stream-notifications")
    public Uni<Void> notifications(List<Notification> batch) {
        return sequence(batch.stream().filter(Objects::nonNull).map(Push::of).toList());
    }

    private boolean admitted(TaskEvent event) {
        if (progress.admits(event)) {
            return true;
        }
        stale.increment();
        LOG.debugf("Dropped out-of-order progress %s of task %s", event.id(), event.taskId());
        return false;
    }

    private Uni<Void> sequence(List<Push> pushes) {
        if (pushes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return log.append(pushes)
                .onFailure().invoke(e -> LOG.warnf("Numbering %d events failed, trying again: %s", pushes.size(), e.toString()))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, LONGEST_BACKOFF).indefinitely()
                .chain(this::publish);
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
