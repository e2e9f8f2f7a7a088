package cloud.yuntu.file.framelog;

import cloud.yuntu.contracts.frame.FrameLogBatch;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Archives the renderer log batches agents publish on {@code farm.frame-logs} (consumer group
 * {@code file-service-frame-logs}), a whole poll at a time: logs are the busiest topic of the farm, and
 * one insert per poll keeps up with it where one per record would not. A batch that cannot be kept
 * ({@link LogBatchCheck}, or the database refusing it as data, platform's {@link Poison}) goes to
 * {@code farm.dead-letters} as unprocessable; the others of its poll are kept.
 */
@ApplicationScoped
public class FrameLogConsumer {

    private static final Logger LOG = Logger.getLogger(FrameLogConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);

    private final FrameLogs logs;
    private final DeadLetters deadLetters;

    FrameLogConsumer(FrameLogs logs, DeadLetters deadLetters) {
        this.logs = logs;
        this.deadLetters = deadLetters;
    }

    @Incoming("frame-logs")
    public Uni<Void> onBatches(ConsumerRecords<String, FrameLogBatch> records) {
        List<ConsumerRecord<String, FrameLogBatch>> kept = new ArrayList<>(records.count());
        Uni<Void> refused = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, FrameLogBatch> record : records) {
            FrameLogBatch batch = record.value();
            if (batch == null) {
                // An unreadable record, already a dead letter (platform's UnreadableRecords).
                continue;
            }
            Optional<String> problem = LogBatchCheck.problem(batch);
            if (problem.isPresent()) {
                IllegalArgumentException cause = new IllegalArgumentException("log batch " + batch.id() + " (frame "
                        + batch.frameId() + ", attempt " + batch.attempt() + ") cannot be kept: " + problem.get());
                refused = refused.chain(() -> letter(record, cause));
                continue;
            }
            kept.add(record);
        }
        return refused.chain(() -> store(kept)
                        // One batch the database refuses fails the poll's one insert: keep them one by one.
                        .onFailure(Poison::is).recoverWithUni(e -> oneByOne(kept))
                        // The database being away must not lose logs: keep the poll (and the partitions behind
                        // it) until it is stored, rather than skipping it. Batches stored meanwhile are not
                        // stored twice (the table's key).
                        .onFailure().invoke(e -> LOG.warnf("Cannot archive %d log batches yet: %s", kept.size(), e))
                        .onFailure().retry().withBackOff(FIRST_BACKOFF, LONGEST_BACKOFF).indefinitely())
                .invoke(added -> LOG.debugf("%d of %d log batches archived anew", (int) added, kept.size()))
                .replaceWithVoid();
    }

    private Uni<Integer> store(List<ConsumerRecord<String, FrameLogBatch>> records) {
        return Uni.createFrom().deferred(() -> logs.store(records.stream().map(r -> LogBatchCheck.kept(r.value())).toList()));
    }

    private Uni<Integer> oneByOne(List<ConsumerRecord<String, FrameLogBatch>> records) {
        Uni<Integer> added = Uni.createFrom().item(0);
        for (ConsumerRecord<String, FrameLogBatch> record : records) {
            added = added.chain(before -> store(List.of(record))
                    .onFailure(Poison::is).recoverWithUni(e -> letter(record, e).replaceWith(0))
                    .map(now -> before + now));
        }
        return added;
    }

    /** The record as a dead letter, tried until the broker has it: skipping it unrecorded would lose it. */
    private Uni<Void> letter(ConsumerRecord<String, FrameLogBatch> record, Throwable cause) {
        return deadLetters.unprocessable(record, cause)
                .onFailure().invoke(e -> LOG.warnf("Cannot store a dead letter of %s-%d@%d yet: %s", record.topic(),
                        record.partition(), record.offset(), e))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, LONGEST_BACKOFF).indefinitely();
    }
}
