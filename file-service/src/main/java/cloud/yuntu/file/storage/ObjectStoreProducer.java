package cloud.yuntu.file.storage;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.oss.OssOperations;
import cloud.yuntu.file.storage.oss.OssSettings;
import cloud.yuntu.file.storage.oss.OssStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import org.jboss.logging.Logger;

/** Picks the backend named by {@code yuntu.file.backend}. */
@ApplicationScoped
public class ObjectStoreProducer {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProducer.class);

    @Produces
    @ApplicationScoped
    @Typed({ObjectStore.class, MultipartStore.class})
    StoreBackend objectStore(FileConfig config, OssOperations oss) {
        return switch (config.backend()) {
            case LOCAL -> {
                LocalDiskStore store = new LocalDiskStore(config.local().root());
                LOG.infof("Objects on local disk under %s", store.root());
                yield store;
            }
            case OSS -> new OssStore(oss, OssSettings.from(config.oss(), config.maxObjectSize().asLongValue()));
        };
    }

    /** An incomplete OSS configuration stops the start, not the first upload hours later. */
    void checkConfiguration(@Observes StartupEvent start, FileConfig config) {
        if (config.backend() == FileConfig.Backend.OSS) {
            LOG.infof("Objects in Aliyun OSS: %s", OssSettings.from(config.oss(), config.maxObjectSize().asLongValue()));
        }
    }
}
