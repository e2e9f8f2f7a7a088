package cloud.yuntu.task.frame;

import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    @Incoming("frame-events")
    public Uni<Void> consume(ConsumerRecord<String, FrameEvent> record) {
        FrameEvent event = record.value();
        if (event == null) {
            LOG.warnf("Skipping an unreadable frame event at %s-%d@%d", record.topic(), record.partition(), record.offset());
            return Uni.createFrom().voidItem();
        }
        // Skipping an event would lose a frame's progress for good; while the database is away the
        // partition waits instead; one that can never be applied (Poison) becomes a dead letter. A redelivered event is harmless (ProcessedEvents).
        return reports.apply(event)
                .onFailure(Poison::is).recoverWithUni(e -> deadLetters.unprocessable(record, e))
                .onFailure().invoke(e -> LOG.warnf("Frame event %s not applied yet: %s", event.id(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
