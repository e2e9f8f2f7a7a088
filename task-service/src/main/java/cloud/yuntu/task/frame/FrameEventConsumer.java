package cloud.yuntu.task.frame;

import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Agents' frame reports from {@code farm.frame-events}, group task-service. */
@ApplicationScoped
public class FrameEventConsumer {

    private static final Logger LOG = Logger.getLogger(FrameEventConsumer.class);

    private final DeadLetters deadLetters;
    private final FrameReports reports;

    public FrameEventConsumer(FrameReports reports, DeadLetters deadLetters) {
        this.reports = reports;
        this.deadLetters = deadLetters;
    }

    /**
     * A poll's reports at once ({@link FrameReports#applyAll}): one transaction for hundreds of reports when agents
     * report fast. Should the batch fail (the database away, an event it can never apply), its reports go one by
     * one, each waited for or made a dead letter on its own: one bad event does not hold the others back.
     */
    @Incoming("frame-events")
    public Uni<Void> consume(ConsumerRecords<String, FrameEvent> records) {
        List<ConsumerRecord<String, FrameEvent>> readable = new ArrayList<>(records.count());
        for (ConsumerRecord<String, FrameEvent> record : records) {
            if (record.value() == null) {
                LOG.warnf("Skipping an unreadable frame event at %s-%d@%d", record.topic(), record.partition(), record.offset());
            } else {
                readable.add(record);
            }
        }
        return reports.applyAll(readable.stream().map(ConsumerRecord::value).toList())
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("A batch of %d frame events not applied at once (%s): one by one", readable.size(), e);
                    return Multi.createFrom().iterable(readable).onItem().transformToUniAndConcatenate(this::consumeOne)
                            .collect().last().replaceWithVoid();
                });
    }

    private Uni<Void> consumeOne(ConsumerRecord<String, FrameEvent> record) {
        FrameEvent event = record.value();
        // Skipping an event would lose a frame's progress for good; while the database is away the
        // partition waits instead; one that can never be applied (Poison) becomes a dead letter. A redelivered event is harmless (ProcessedEvents).
        return reports.apply(event)
                .onFailure(Poison::is).recoverWithUni(e -> deadLetters.unprocessable(record, e))
                .onFailure().invoke(e -> LOG.warnf("Frame event %s not applied yet: %s", event.id(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
