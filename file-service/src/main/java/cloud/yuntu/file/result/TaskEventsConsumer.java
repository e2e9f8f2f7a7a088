package cloud.yuntu.file.result;

import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.file.asset.ManifestReferences;
import cloud.yuntu.file.asset.ManifestRule;
import cloud.yuntu.platform.deadletter.DeadLetters;
import cloud.yuntu.platform.deadletter.Poison;
import cloud.yuntu.platform.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns each task's owner from {@code farm.task-events}: every task event names it, so the first
 * one file-service reads (normally the task's first status change) decides who may list the
 * task's results and read its result objects. Whether the task has ended is recorded from every
 * event that tells it ({@link TaskLifecycle}), for the deletion rules. The end of a task (completed,
 * failed, cancelled) releases its manifest and is remembered with its time, so a retain decided
 * before it holds nothing; a redelivered end finds nothing left to release (and never a retry's
 * hold, decided after it). A status change back to running after an end (a retry) is remembered
 * too, so the sweep tells a retry's hold from one whose retry never committed.
 */
@ApplicationScoped
public class TaskEventsConsumer {

    private static final Logger LOG = Logger.getLogger(TaskEventsConsumer.class);

    private final DeadLetters deadLetters;
    private final TaskOwners owners;
    private final ManifestReferences manifests;

    TaskEventsConsumer(TaskOwners owners, ManifestReferences manifests, DeadLetters deadLetters) {
        this.owners = owners;
        this.manifests = manifests;
        this.deadLetters = deadLetters;
    }

    @Incoming("task-events")
    public Uni<Void> onTaskEvent(ConsumerRecord<String, TaskEvent> record) {
        TaskEvent event = record.value();
        if (event == null) {
            // An unreadable record, already a dead letter (platform's UnreadableRecords).
            return Uni.createFrom().voidItem();
        }
        // Each step is retried while the database is away; an event the database refuses as data can never
        // be stored and becomes a dead letter, and one whose letter could not be stored is tried again whole
        // (every step is idempotent).
        return recordOwner(event).chain(() -> recordEnded(event)).chain(() -> releaseIfEnded(event))
                .chain(() -> reopenedIfRetried(event))
                .onFailure(Poison::is).recoverWithUni(e -> deadLetters.unprocessable(record, e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    /** {@code step} again and again while it fails for a passing reason (the database away), never for poison. */
    private static <T> Uni<T> untilStored(Uni<T> step, String what) {
        return step.onFailure(e -> !Poison.is(e)).invoke(e -> LOG.warnf("Cannot %s yet: %s", what, e))
                .onFailure(e -> !Poison.is(e)).retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private Uni<Void> recordEnded(TaskEvent event) {
        return TaskLifecycle.ended(event)
                // Like the owner: whether a task still runs must not be lost while the database is away.
                .map(ended -> untilStored(Uni.createFrom().deferred(() -> owners.recordEnded(event.taskId(), ended)),
                        "record the state of task " + event.taskId()))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> recordOwner(TaskEvent event) {
        String owner = event.userId();
        if (owner == null || owner.isBlank() || owner.length() > Caller.MAX_ID_LENGTH) {
            LOG.warnf("Task event %s of task %s names no usable owner; its results stay visible to admins only",
                    event.id(), event.taskId());
            return Uni.createFrom().voidItem();
        }
        // The database being away must not lose an owner: keep the record until it is stored.
        return untilStored(owners.record(event.taskId(), owner), "record the owner of task " + event.taskId())
                .invoke(first -> {
                    if (first) {
                        LOG.debugf("Task %s belongs to %s", event.taskId(), owner);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> releaseIfEnded(TaskEvent event) {
        if (!ManifestRule.releases(event)) {
            return Uni.createFrom().voidItem();
        }
        // Like the owner: a release must not be lost while the database is away.
        return untilStored(Uni.createFrom().deferred(() -> manifests.release(event.taskId(), event.time())),
                        "release the manifest of task " + event.taskId())
                .invoke(released -> {
                    if (released > 0) {
                        LOG.debugf("Task %s ended; its manifest of %d contents is released", event.taskId(), released);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> reopenedIfRetried(TaskEvent event) {
        if (!ManifestRule.reopens(event)) {
            return Uni.createFrom().voidItem();
        }
        return untilStored(Uni.createFrom().deferred(() -> manifests.reopened(event.taskId(), event.time())),
                "record that task " + event.taskId() + " runs again");
    }
}
