package cloud.yuntu.file.asset;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.asset.AssetCheckRequest.Claim;
import cloud.yuntu.file.asset.ManifestRule.Outcome;
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
 * request, a redelivered event) changes nothing the first did not.
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

    /**
     * Holds the claimed contents for the task, all or nothing ({@link ManifestRule#retain}): every
     * content must be one the owner uploaded, with exactly that size.
     *
     * @param claims validated, in request order
     */
    public Uni<Outcome> retain(UUID taskId, String owner, List<Claim> claims) {
        Set<String> wanted = new TreeSet<>();
        claims.forEach(claim -> wanted.add(claim.sha256()));
        Instant now = clock.instant();
        // Task lock first, then the blob rows in their fixed order, like release: no two can deadlock;
        // the blob locks keep the sweep off these contents until the manifest is written.
        return Panache.withTransaction(() -> manifests.lockTask(taskId)
                .chain(() -> manifests.of(taskId))
                .chain(existing -> blobs.lock(wanted)
                        .chain(locked -> references.sizesHeldBy(owner, wanted)
                                .chain(held -> {
                                    Outcome outcome = ManifestRule.retain(owner, claims, held, existing);
                                    if (!(outcome instanceof Retain retain)) {
                                        return Uni.createFrom().item(outcome);
                                    }
                                    locked.forEach(AssetBlob::referenced);
                                    return manifests.record(retain.sha256s().stream()
                                                    .map(sha256 -> ManifestEntry.of(taskId, sha256, owner, now)).toList())
                                            .replaceWith(outcome);
                                }))));
    }

    /**
     * Lets go of the task's manifest: a content no other manifest holds starts its retention now.
     * A task without a manifest (released already, or never retained) changes nothing.
     *
     * @return how many contents the task held
     */
    public Uni<Integer> release(UUID taskId) {
        return release(taskId, clock.instant());
    }

    Uni<Integer> release(UUID taskId, Instant now) {
        return Panache.withTransaction(() -> manifests.lockTask(taskId)
                .chain(() -> manifests.of(taskId))
                .chain(entries -> {
                    if (entries.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Set<String> held = new TreeSet<>();
                    entries.forEach(entry -> held.add(entry.sha256));
                    return blobs.lock(held)
                            .chain(locked -> manifests.remove(taskId)
                                    .chain(() -> manifests.inUse(held))
                                    .invoke(stillHeld -> locked.stream()
                                            .filter(blob -> !stillHeld.contains(blob.sha256))
                                            .forEach(blob -> blob.unreferenced(now))))
                            .replaceWith(entries.size());
                }));
    }

    /**
     * Releases the manifests of tasks that never appeared: retained at a submission that then
     * failed before its task was committed, so no event will ever end them. A task is given
     * {@code yuntu.file.assets.orphan-manifest-after} to be announced on {@code farm.task-events}.
     *
     * @return how many manifests were released (at most {@code yuntu.file.assets.sweep-batch})
     */
    public Uni<Integer> releaseOrphans(Instant now) {
        return Panache.withSession(() -> manifests.neverAnnouncedSince(retention.orphanCutoff(now), batch))
                .chain(orphans -> orphans.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(orphans)
                                .onItem().transformToUniAndConcatenate(taskId -> release(taskId, now))
                                .collect().asList()
                                .map(List::size));
    }
}
