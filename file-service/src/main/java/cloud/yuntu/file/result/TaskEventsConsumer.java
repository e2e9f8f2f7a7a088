package cloud.yuntu.file.result;

import cloud.yuntu.contracts.task.TaskEvent;
import cloud.yuntu.file.asset.ManifestReferences;
import cloud.yuntu.file.asset.ManifestRule;
import cloud.yuntu.platform.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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

    private final TaskOwners owners;
    private final ManifestReferences manifests;

    TaskEventsConsumer(TaskOwners owners, ManifestReferences manifests) {
        this.owners = owners;
        this.manifests = manifests;
    }

    @Incoming("task-events")
    public Uni<Void> onTaskEvent(TaskEvent event) {
        if (event == null) {
            // An unreadable record, already logged by the connector.
            return Uni.createFrom().voidItem();
        }
        return recordOwner(event).chain(() -> recordEnded(event)).chain(() -> releaseIfEnded(event))
                .chain(() -> reopenedIfRetried(event));
    }

    private Uni<Void> recordEnded(TaskEvent event) {
        return TaskLifecycle.ended(event)
                .map(ended -> Uni.createFrom().deferred(() -> owners.recordEnded(event.taskId(), ended))
                        // Like the owner: whether a task still runs must not be lost while the database is away.
                        .onFailure().invoke(e -> LOG.warnf("Cannot record the state of task %s yet: %s", event.taskId(), e))
                        .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> recordOwner(TaskEvent event) {
        String owner = event.userId();
        if (owner == null || owner.isBlank() || owner.length() > Caller.MAX_ID_LENGTH) {
            LOG.warnf("Task event %s of task %s names no usable owner; its results stay visible to admins only",
                    event.id(), event.taskId());
            return Uni.createFrom().voidItem();
        }
        return owners.record(event.taskId(), owner)
                // The database being away must not lose an owner: keep the record until it is stored.
                .onFailure().invoke(e -> LOG.warnf("Cannot record the owner of task %s yet: %s", event.taskId(), e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
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
        return Uni.createFrom().deferred(() -> manifests.release(event.taskId(), event.time()))
                // Like the owner: a release must not be lost while the database is away.
                .onFailure().invoke(e -> LOG.warnf("Cannot release the manifest of task %s yet: %s", event.taskId(), e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
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
        return Uni.createFrom().deferred(() -> manifests.reopened(event.taskId(), event.time()))
                .onFailure().invoke(e -> LOG.warnf("Cannot record that task %s runs again yet: %s", event.taskId(), e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }
}
