package cloud.yuntu.file.storage;

import cloud.yuntu.file.FileConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way bytes enter storage: stream and hash into a staged object, then publish and
 * catalogue it. Publishing and cataloguing of one key are serialized so that two concurrent
 * writes of a key cannot leave the catalogue describing the bytes of the other one.
 * Blocking: call from a worker thread.
 */
@ApplicationScoped
public class ObjectIngest {

    private static final int LOCK_STRIPES = 64;

    private final ObjectStore store;
    private final ObjectCatalog catalog;
    private final long maxObjectSize;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    ObjectIngest(ObjectStore store, ObjectCatalog catalog, FileConfig config) {
        this.store = store;
        this.catalog = catalog;
        this.maxObjectSize = config.maxObjectSize().asLongValue();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** @param owner the uploading user; null for writes through presigned URLs (they keep the key's owner) */
    public ObjectInfo write(ObjectKey key, InputStream body, String owner) throws IOException {
        try (StagedObject staged = store.stage(key, body, maxObjectSize)) {
            return publish(staged, owner);
        }
    }

    /**
     * Publishes bytes staged otherwise (joined parts of a multipart upload) and catalogues them; the
     * caller closes {@code staged}.
     *
     * @param owner the uploading user
     */
    public ObjectInfo publish(StagedObject staged, String owner) throws IOException {
        ObjectKey key = staged.key();
        ReentrantLock lock = locks[Math.floorMod(key.value().hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            staged.commit();
            return catalog.record(staged.digests().as(key.value()), owner).await().indefinitely();
        } finally {
            lock.unlock();
        }
    }

    public long maxObjectSize() {
        return maxObjectSize;
    }
}
