package cloud.yuntu.file.presign;

import cloud.yuntu.file.FileConfig;
import cloud.yuntu.file.storage.oss.OssOperations;
import cloud.yuntu.file.storage.oss.OssPresigner;
import cloud.yuntu.file.storage.oss.OssSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

@ApplicationScoped
public class PresignBeans {

    @Produces
    @ApplicationScoped
    UrlSigner urlSigner(FileConfig config) {
        return new UrlSigner(config.signingKey());
    }

    @Produces
    @ApplicationScoped
    Presigner presigner(FileConfig config, UrlSigner signer) {
        LocalUrlPresigner local = new LocalUrlPresigner(config.publicUrl(), signer);
        return switch (config.backend()) {
            case LOCAL -> local;
            case OSS -> {
                OssSettings settings = OssSettings.from(config.oss(), config.maxObjectSize().asLongValue());
                yield new OssPresigner(OssOperations.client(settings, settings.publicEndpoint()), settings, local);
            }
        };
    }

    void close(@Disposes Presigner presigner) throws Exception {
        if (presigner instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
