package cloud.yuntu.file.storage.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.file.FileConfig;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OssSettingsTest {

    @Test
    void namesEveryMissingProperty() {
        assertThatThrownBy(() -> OssSettings.from(oss(null, "cn-hangzhou", null, "id", " ", null, null), 1L << 30))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("yuntu.file.backend=oss needs yuntu.file.oss.endpoint, yuntu.file.oss.bucket, "
                        + "yuntu.file.oss.access-key-secret");
    }

    @Test
    void thePublicEndpointDefaultsToTheEndpointAndThePrefixEndsWithASlash() {
        OssSettings settings = OssSettings.from(oss("https://oss-cn-hangzhou-internal.aliyuncs.com", "cn-hangzhou",
                "farm", "id", "secret", null, "farm-a"), 1L << 30);
        assertThat(settings.publicEndpoint()).isEqualTo("https://oss-cn-hangzhou-internal.aliyuncs.com");
        assertThat(settings.objectName("scenes/x")).isEqualTo("farm-a/scenes/x");
        assertThat(OssSettings.from(oss("e", "r", "b", "i", "s", "https://public", null), 1L << 30).objectName("scenes/x"))
                .isEqualTo("scenes/x");
    }

    @Test
    void aPrefixWithEmptySegmentsIsRefused() {
        assertThatThrownBy(() -> OssSettings.from(oss("e", "r", "b", "i", "s", null, "/farm"), 1L << 30))
                .hasMessageContaining("key-prefix");
    }

    @Test
    void partsMustBeAsLargeAsOssWantsAndEnoughForTheLargestObject() {
        assertThatThrownBy(() -> OssSettings.from(oss("e", "r", "b", "i", "s", null, null, 64 * 1024), 1024))
                .hasMessageContaining("part-size");
        assertThatThrownBy(() -> OssSettings.from(oss("e", "r", "b", "i", "s", null, null, 1 << 20), 64L << 30))
                .hasMessageContaining("max-object-size");
        assertThat(OssSettings.from(oss("e", "r", "b", "i", "s", null, null, 8 << 20), 64L << 30).partSize())
                .isEqualTo(8 << 20);
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(OssSettings.from(oss("e", "r", "b", "i", "s3cr3t", null, null), 1L << 30).toString()).doesNotContain("s3cr3t");
    }

    private static FileConfig.Oss oss(String endpoint, String region, String bucket, String id, String secret,
            String publicEndpoint, String prefix) {
        return oss(endpoint, region, bucket, id, secret, publicEndpoint, prefix, 8 << 20);
    }

    private static FileConfig.Oss oss(String endpoint, String region, String bucket, String id, String secret,
            String publicEndpoint, String prefix, long partSize) {
        return new FileConfig.Oss() {
            @Override
            public Optional<String> endpoint() {
                return Optional.ofNullable(endpoint);
            }

            @Override
            public Optional<String> publicEndpoint() {
                return Optional.ofNullable(publicEndpoint);
            }

            @Override
            public Optional<String> region() {
                return Optional.ofNullable(region);
            }

            @Override
            public Optional<String> bucket() {
                return Optional.ofNullable(bucket);
            }

            @Override
            public Optional<String> accessKeyId() {
                return Optional.ofNullable(id);
            }

            @Override
            public Optional<String> accessKeySecret() {
                return Optional.ofNullable(secret);
            }

            @Override
            public Optional<String> keyPrefix() {
                return Optional.ofNullable(prefix);
            }

            @Override
            public MemorySize partSize() {
                return new MemorySize(BigInteger.valueOf(partSize));
            }
        };
    }
}
