package cloud.yuntu.file.result;

import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns {@code frame.completed} events into confirmed results. Only completion confirms: an
 * attempt that uploaded outputs and then failed or vanished leaves objects that are never listed.
 */
@ApplicationScoped
public class FrameCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(FrameCompletedConsumer.class);

    private final DeadLetters deadLetters;
    private final ResultCatalog catalog;

    FrameCompletedConsumer(ResultCatalog catalog, DeadLetters deadLetters) {
        this.catalog = catalog;
        this.deadLetters = deadLetters;
    }

    @Incoming("frame-events")
    public Uni<Void> onFrameEvent(ConsumerRecord<String, FrameEvent> record) {
        if (!(record.value() instanceof FrameCompleted completed)) {
            // Started/progress/failed: nothing for storage to confirm. Null: an unreadable record, already logged.
            return Uni.createFrom().voidItem();
        }
        List<ConfirmedResult> results = results(completed);
        return catalog.confirm(completed.id(), results)
                // The database being away must not lose a completion: keep this record (and the
                // partition behind it) until it is stored, rather than skipping it. A completion the
                // database refuses as data never will be: it becomes a dead letter (platform's Poison).
                .onFailure(Poison::is).recoverWithUni(e -> deadLetters.unprocessable(record, e).replaceWith(0))
                .onFailure().invoke(e -> LOG.warnf("Cannot record results of frame %s yet: %s", completed.frameId(), e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .invoke(changed -> LOG.debugf("Frame %s attempt %d: %d of %d outputs newly confirmed",
                        completed.frameId(), completed.attempt(), changed, results.size()))
                .replaceWithVoid();
    }

    private static List<ConfirmedResult> results(FrameCompleted completed) {
        List<ConfirmedResult> results = new ArrayList<>();
        for (FrameOutput output : completed.outputs()) {
            if (output.object() == null || !validKey(output.object().key())) {
                LOG.warnf("Frame %s reported an output without a valid object key (%s); not listed",
                        completed.frameId(), output);
                continue;
            }
            results.add(new ConfirmedResult(completed.taskId(), completed.frameId(), completed.attempt(),
                    output.frame(), output.fileName(), output.object()));
        }
        return results;
    }

    private static boolean validKey(String key) {
        try {
            ObjectKey.of(key);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }
}
