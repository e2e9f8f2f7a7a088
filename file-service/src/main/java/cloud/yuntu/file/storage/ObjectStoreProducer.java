package cloud.yuntu.file.storage;

import cloud.yuntu.file.FileConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Picks the backend named by {@code yuntu.file.backend}. */
@ApplicationScoped
public class ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(FileConfig config) {
        return switch (config.backend()) {
            case LOCAL -> {
                LocalDiskStore store = new LocalDiskStore(config.local().root());
                LOG.infof("Objects on local disk under %s", store.root());
                yield store;
            }
        };
    }
}
