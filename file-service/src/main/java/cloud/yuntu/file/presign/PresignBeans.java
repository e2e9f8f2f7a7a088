package cloud.yuntu.file.presign;

import cloud.yuntu.file.FileConfig;
import jakarta.enterprise.context.ApplicationScoped;
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
        return switch (config.backend()) {
            case LOCAL -> new LocalUrlPresigner(config.publicUrl(), signer);
        };
    }
}
