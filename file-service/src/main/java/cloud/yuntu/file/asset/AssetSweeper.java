package cloud.yuntu.file.asset;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.ObjectStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Releases orphaned manifests (their task never appeared, {@code yuntu.file.assets.orphan-manifest-after}),
 * then removes assets no manifest has held for the retention period ({@code yuntu.file.assets.retention}):
 * their owners' references, their blob row and their bytes, in one transaction holding the blob
 * rows' locks, so an upload of the same content waits and then stores it anew.
 */
@ApplicationScoped
public class AssetSweeper {

    static final String JOB = "asset-sweep";

    private static final Logger LOG = Logger.getLogger(AssetSweeper.class);

    private final ObjectStore store;
    private final AssetBlobs blobs;
    private final AssetReferences references;
    private final AssetManifests manifests;
    private final ManifestReferences manifestReferences;
    private final AssetRetention retention;
    private final int batch;
    private final Clock clock;

    AssetSweeper(ObjectStore store, AssetBlobs blobs, AssetReferences references, AssetManifests manifests,
            ManifestReferences manifestReferences, Clock clock, FileConfig config) {
        this.store = store;
        this.blobs = blobs;
        this.references = references;
        this.manifests = manifests;
        this.manifestReferences = manifestReferences;
        this.clock = clock;
        this.retention = AssetRetention.of(config.assets());
        this.batch = config.assets().sweepBatch();
    }

    @Scheduled(identity = JOB, every = "${yuntu.file.assets.sweep-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepExpired() {
        return sweep(clock.instant()).replaceWithVoid();
    }

    /**
     * One round: at most {@code yuntu.file.assets.sweep-batch} orphaned manifests released, then at
     * most as many assets past their retention at {@code now} removed.
     *
     * @return how many manifests were released and assets removed; 0 when nothing was left to do
     */
    public Uni<Integer> sweep(Instant now) {
        return manifestReferences.releaseOrphans(now)
                .invoke(released -> {
                    if (released > 0) {
                        LOG.infof("Released %d manifests of tasks never announced within %s of their retain",
                                released, retention.orphanManifestAfter());
                    }
                })
                .chain(released -> removeExpired(now)
                        .invoke(removed -> {
                            if (removed > 0) {
                                LOG.infof("Removed %d assets unreferenced for %s", removed, retention.period());
                            }
                        })
                        .map(removed -> released + removed));
    }

    private Uni<Integer> removeExpired(Instant now) {
        return Panache.withTransaction(() -> blobs.lockUnreferencedSince(retention.cutoff(now), batch)
                .chain(candidates -> candidates.isEmpty()
                        ? Uni.createFrom().item(List.<String>of())
                        : manifests.inUse(candidates.stream().map(blob -> blob.sha256).toList())
                                .map(inUse -> candidates.stream()
                                        .filter(blob -> retention.removable(blob.unreferencedSince,
                                                inUse.contains(blob.sha256), now))
                                        .map(blob -> blob.sha256)
                                        .toList()))
                .chain(expired -> {
                    if (expired.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return references.removeAllOf(expired)
                            .chain(() -> blobs.remove(expired))
                            .chain(() -> VertxContextSupport.executeBlocking(() -> deleteBytes(expired)))
                            .replaceWith(expired.size());
                }));
    }

    /**
     * Bytes go last, once the rows are deleted in this transaction. A byte that cannot be removed
     * is logged and left: an orphaned copy wastes space but misleads nobody (the store audit removes it
     * later), while a row without bytes would tell its owner the content is present.
     */
    private Void deleteBytes(List<String> sha256s) {
        for (String sha256 : sha256s) {
            try {
                store.delete(AssetKeys.of(sha256));
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "Cannot remove the bytes of asset %s; its rows are gone, the store audit removes the orphaned copy",
                        sha256);
            }
        }
        return null;
    }
}
