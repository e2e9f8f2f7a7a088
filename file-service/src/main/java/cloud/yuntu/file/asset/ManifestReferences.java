package cloud.yuntu.file.asset;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.file.asset.ManifestRule.Outcome;
import cloud.yuntu.file.asset.ManifestRule.Renew;
import cloud.yuntu.file.asset.ManifestRule.Retain;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The manifests of tasks: the contents (project files) a task holds from its submission until it
 * ends. While any manifest holds a content it is never swept; once the last one lets go, the
 * content's retention starts. Manifests are per task, so a retain or release sent twice (a retried
 * request, a redelivered event) changes nothing the first did not. A retain says when it was
 * decided ({@code heldFrom}, the clock of the task events) and an end says when it happened, so a
 * retain delayed past its task's end holds nothing, and a retry's hold survives a late copy of the
 * end before it.
 */
@ApplicationScoped
public class ManifestReferences {

    private final AssetBlobs blobs;
    private final AssetReferences references;
    private final AssetManifests manifests;
    private final AssetRetention retention;
    private final int batch;
    private final Clock clock;

    ManifestReferences(AssetBlobs blobs, AssetReferences references, AssetManifests manifests, Clock clock,
            FileConfig config) {
        this.blobs = blobs;
        this.references = references;
        this.manifests = manifests;
        this.clock = clock;
        this.retention = AssetRetention.of(config.assets());
        this.batch = config.assets().sweepBatch();
    }

    /** A retain that does not say when it was decided: held until the task's next end. */
    public Uni<Outcome> retain(UUID taskId, String owner, List<Claim> claims) {
        return retain(taskId, owner, claims, null);
    }

    /**
     * Holds the claimed contents for the task, all or nothing ({@link ManifestRule#retain}): every
     * content must be one the owner uploaded, with exactly that size; nothing when the task has
     * ended at or after {@code heldFrom}.
     *
     * @param claims validated, in request order
     * @param heldFrom when the task's service decided the hold; null when it does not say
     */
    public Uni<Outcome> retain(UUID taskId, String owner, List<Claim> claims, Instant heldFrom) {
        Set<String> wanted = new TreeSet<>();
        claims.forEach(claim -> wanted.add(claim.sha256()));
        Instant now = clock.instant();
        // Task lock first, then the blob rows in their fixed order, like release: no two can deadlock;
        // the blob locks keep the sweep off these contents until the manifest is written.
        return Panache.withTransaction(() -> manifests.lockTask(taskId)
                .chain(() -> manifests.endOf(taskId))
                .chain(ended -> manifests.held(taskId, wanted)
                        .chain(existing -> blobs.lockStored(wanted)
                                .chain(locked -> references.sizesHeldBy(owner, wanted)
                                        .chain(held -> {
                                            Outcome outcome = ManifestRule.retain(owner, claims, held, existing,
                                                    heldFrom, ended.orElse(null));
                                            if (outcome instanceof Renew renew) {
                                                return manifests.renew(taskId, renew.heldFrom()).replaceWith(outcome);
                                            }
                                            if (!(outcome instanceof Retain retain)) {
                                                return Uni.createFrom().item(outcome);
                                            }
                                            return blobs.markReferenced(retain.sha256s())
                                                    .chain(() -> manifests.record(taskId, owner, retain.sha256s(), now,
                                                            heldFrom))
                                                    .replaceWith(outcome);
                                        })))));
    }

    /**
     * The task ended at {@code endedAt} (the end event's time): remembers it, so a retain decided
     * before it holds nothing, and lets go of the task's manifest unless it was held after it
     * ({@link ManifestRule#endReleases}). A content no other manifest holds starts its retention now.
     * A task without a manifest (released already, or never retained) changes nothing more.
     *
     * @return how many contents the task held and let go of
     */
    public Uni<Integer> release(UUID taskId, Instant endedAt) {
        return release(taskId, endedAt, clock.instant());
    }

    /** The task was seen running again at {@code at} (a retry after its end). */
    public Uni<Void> reopened(UUID taskId, Instant at) {
        return Panache.withTransaction(() -> manifests.lockTask(taskId).chain(() -> manifests.recordReopened(taskId, at)));
    }

    /** @param endedAt null for an orphan: released whenever it was held, and no end is recorded */
    Uni<Integer> release(UUID taskId, Instant endedAt, Instant now) {
        return Panache.withTransaction(() -> manifests.lockTask(taskId)
                .chain(() -> endedAt == null ? Uni.createFrom().voidItem() : manifests.recordEnd(taskId, endedAt))
                .chain(() -> manifests.held(taskId, List.of()))
                .chain(held -> {
                    if (held.entries() == 0 || !ManifestRule.endReleases(held.latestHeldFrom(), endedAt)) {
                        return Uni.createFrom().item(0);
                    }
                    return blobs.lockHeldBy(taskId)
                            .chain(contents -> manifests.remove(taskId)
                                    .chain(() -> blobs.markUnreferencedUnlessHeld(contents, now)))
                            .replaceWith((int) held.entries());
                }));
    }

    /**
     * Releases the manifests of tasks that never appeared: retained at a submission that then
     * failed before its task was committed, so no event will ever end them; likewise a hold taken
     * after the task's end by a retry that then did not commit (the task was not seen running again).
     * A task is given {@code yuntu.file.assets.orphan-manifest-after} to be announced on
     * {@code farm.task-events}.
     *
     * @return how many manifests were released (at most {@code yuntu.file.assets.sweep-batch})
     */
    public Uni<Integer> releaseOrphans(Instant now) {
        return Panache.withSession(() -> manifests.neverAnnouncedSince(retention.orphanCutoff(now), batch))
                .chain(orphans -> orphans.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(orphans)
                                .onItem().transformToUniAndConcatenate(taskId -> release(taskId, null, now))
                                .collect().asList()
                                .map(List::size));
    }
}
