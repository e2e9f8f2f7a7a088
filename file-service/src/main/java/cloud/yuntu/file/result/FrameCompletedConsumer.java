package cloud.yuntu.file.result;

import cloud.yuntu.contracts.frame.FrameCompleted;
import cloud.yuntu.contracts.frame.FrameEvent;
import cloud.yuntu.contracts.frame.FrameOutput;
import cloud.yuntu.platform.problem.ProblemException;
import cloud.yuntu.file.storage.ObjectKey;
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

/**
 * Turns {@code frame.completed} events into confirmed results, a poll at a time. Only completion confirms: an
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

    /**
     * A poll's completions at once ({@link ResultCatalog#confirmAll}): one transaction however many frames completed.
     * Should the batch fail (the database away, a completion it refuses as data), its completions go one by one,
     * each waited for or made a dead letter on its own, so one bad event does not hold the others back.
     */
    @Incoming("frame-events")
    public Uni<Void> onFrameEvents(ConsumerRecords<String, FrameEvent> records) {
        List<ConsumerRecord<String, FrameEvent>> completions = new ArrayList<>();
        for (ConsumerRecord<String, FrameEvent> record : records) {
            // Started/progress/failed: nothing for storage to confirm. Null: an unreadable record, already a dead letter.
            if (record.value() instanceof FrameCompleted) {
                completions.add(record);
            }
        }
        if (completions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return catalog.confirmAll(completions.stream().map(FrameCompletedConsumer::completion).toList())
                .invoke(changed -> LOG.debugf("%d completions: %d outputs newly confirmed", completions.size(), changed))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("%d completions not confirmed at once (%s): one by one", completions.size(), e);
                    return Multi.createFrom().iterable(completions).onItem().transformToUniAndConcatenate(this::confirmOne)
                            .collect().last().replaceWithVoid();
                });
    }

    private Uni<Void> confirmOne(ConsumerRecord<String, FrameEvent> record) {
        ResultCatalog.Completion completion = completion(record);
        FrameCompleted completed = (FrameCompleted) record.value();
        return catalog.confirmAll(List.of(completion))
                // The database being away must not lose a completion: keep this record (and the
                // partition behind it) until it is stored, rather than skipping it. A completion the
                // database refuses as data never will be: it becomes a dead letter (platform's Poison).
                .onFailure(Poison::is).recoverWithUni(e -> deadLetters.unprocessable(record, e).replaceWith(0))
                .onFailure().invoke(e -> LOG.warnf("Cannot record results of frame %s yet: %s", completed.frameId(), e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }

    private static ResultCatalog.Completion completion(ConsumerRecord<String, FrameEvent> record) {
        FrameCompleted completed = (FrameCompleted) record.value();
        return new ResultCatalog.Completion(completed.id(), results(completed));
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
