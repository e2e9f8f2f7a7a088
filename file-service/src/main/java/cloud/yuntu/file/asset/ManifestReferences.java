package cloud.yuntu.file.asset;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The references a manifest (a task's project: its scene and every file it depends on) holds on
 * its owner's assets. A task retains its manifest's contents when it is submitted and releases them
 * when it is done with them; while any manifest holds a content it is never swept, and once the
 * last lets go its retention starts. Each content counts once per manifest, however many paths of
 * the project map to it.
 */
@ApplicationScoped
public class ManifestReferences {

    private final AssetBlobs blobs;
    private final AssetReferences references;
    private final Clock clock;

    ManifestReferences(AssetBlobs blobs, AssetReferences references, Clock clock) {
        this.blobs = blobs;
        this.references = references;
        this.clock = clock;
    }

    /**
     * Counts one more use of every content by the owner, all or nothing: a content the owner has not
     * uploaded (or that was swept meanwhile) is reported and nothing is retained.
     *
     * @return the contents the owner does not hold, sorted; empty when all were retained
     */
    public Uni<Set<String>> retain(String owner, Collection<String> sha256s) {
        Set<String> wanted = new TreeSet<>(sha256s);
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> blobs.lock(wanted).chain(locked -> references.lockHeldBy(owner, wanted)
                .map(held -> {
                    Set<String> missing = new TreeSet<>(wanted);
                    held.forEach(reference -> missing.remove(reference.sha256));
                    if (missing.isEmpty()) {
                        held.forEach(reference -> reference.retain(now));
                        locked.forEach(AssetBlob::referenced);
                    }
                    return Set.copyOf(missing);
                })));
    }

    /**
     * Counts one use fewer of every content by the owner; a content no manifest of anyone uses any
     * longer starts its retention. Contents the owner does not hold are ignored, so a repeated
     * release changes nothing beyond the first.
     */
    public Uni<Void> release(String owner, Collection<String> sha256s) {
        Set<String> released = new TreeSet<>(sha256s);
        if (released.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> blobs.lock(released).chain(locked -> references.lockHeldBy(owner, released)
                .chain(held -> {
                    held.forEach(reference -> reference.release(now));
                    Set<String> letGo = new TreeSet<>();
                    held.stream().filter(reference -> !reference.inUse()).forEach(reference -> letGo.add(reference.sha256));
                    return Multi.createFrom().iterable(locked)
                            .filter(blob -> letGo.contains(blob.sha256))
                            .onItem().transformToUniAndConcatenate(blob -> references.inUseByOthers(blob.sha256, owner)
                                    .invoke(inUse -> {
                                        if (!inUse) {
                                            blob.unreferenced(now);
                                        }
                                    }))
                            .collect().last()
                            .replaceWithVoid();
                })));
    }
}
