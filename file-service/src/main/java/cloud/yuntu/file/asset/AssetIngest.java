package cloud.yuntu.file.asset;

import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.KeyLocks;
import cloud.yuntu.file.storage.ObjectKey;
import cloud.yuntu.file.storage.ObjectStore;
import cloud.yuntu.file.storage.ObjectStore.ObjectContent;
import cloud.yuntu.file.storage.StagedObject;
import cloud.yuntu.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stores an uploaded asset. The body is always streamed and hashed, whatever the caller claims and
 * whatever is stored already; a body whose SHA-256 is not its name is discarded. New content is
 * published under {@code assets/sha256/<hex>} while its blob row is locked, so the sweep, which
 * removes bytes under the same lock, can never remove what an upload has just recorded; and while its
 * key's lock is held, so neither can the store audit.
 */
@ApplicationScoped
public class AssetIngest {

    private final ObjectStore store;
    private final AssetBlobs blobs;
    private final AssetReferences references;
    private final Clock clock;
    private final long maxObjectSize;

    AssetIngest(ObjectStore store, AssetBlobs blobs, AssetReferences references, Clock clock, FileConfig config) {
        this.store = store;
        this.blobs = blobs;
        this.references = references;
        this.clock = clock;
        this.maxObjectSize = config.maxObjectSize().asLongValue();
    }

    /** What an upload did: the computed digests, and whether the owner did not hold the content before. */
    public record Upload(Digests digests, boolean newToOwner) {
    }

    /**
     * Blocking: call from a worker thread.
     *
     * @param sha256 validated name of the content
     * @throws ProblemException 422 on field {@code sha256} when the body hashes to something else (nothing is kept)
     */
    public Upload put(String owner, String sha256, InputStream body) throws IOException {
        ObjectKey key = AssetKeys.of(sha256);
        try (StagedObject staged = store.stage(key, body, maxObjectSize)) {
            return record(owner, staged);
        }
    }

    /**
     * Records bytes staged otherwise (the joined parts of a multipart upload) under the asset their
     * staging key names, exactly as an upload: the same checks, the same publishing, the owner's
     * reference. Blocking: call from a worker thread; the caller closes {@code staged}.
     *
     * @throws ProblemException 422 on field {@code sha256} when the bytes hash to another content (nothing is kept)
     */
    public Upload record(String owner, StagedObject staged) throws IOException {
        String sha256 = AssetKeys.sha256Of(staged.key());
        Digests digests = staged.digests();
        if (!digests.sha256().equals(sha256)) {
            throw ProblemException.invalidField("sha256",
                    "does not match the body, whose SHA-256 is " + digests.sha256() + "; nothing was stored");
        }
        Instant now = clock.instant();
        boolean newToOwner = await(() -> Panache.withTransaction(() -> lockKey(staged.key())
                .chain(() -> blobs.recordUpload(digests, now))
                .call(created -> VertxContextSupport.executeBlocking(() -> publish(staged, created)))
                .chain(() -> references.recordUpload(owner, sha256, now))));
        return new Upload(digests, newToOwner);
    }

    /**
     * The key's lock ({@link KeyLocks}) until the transaction ends: the store audit removes bytes no row
     * names under it, so bytes published here are recorded before it can look at them again.
     */
    private static Uni<Void> lockKey(ObjectKey key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT 1 FROM (SELECT " + KeyLocks.lockOf(":key") + ") AS locked", Integer.class)
                .setParameter("key", key.value())
                .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Publishes the staged bytes when the content is new, or when its row outlived its bytes (a
     * sweep whose database commit failed after it removed them): the upload then repairs it.
     */
    private Void publish(StagedObject staged, boolean created) throws IOException {
        if (created || !exists(staged.key())) {
            staged.commit();
        }
        return null;
    }

    private boolean exists(ObjectKey key) throws IOException {
        Optional<ObjectContent> content = store.open(key);
        if (content.isPresent()) {
            content.get().stream().close();
            return true;
        }
        return false;
    }

    static <T> T await(Supplier<Uni<T>> work) throws IOException {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
