package cloud.yuntu.file.storage.oss;

import cloud.yuntu.file.FileConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OSS backend's configuration once checked: every required member present, the key prefix
 * normalised to end with '/'. Object names are {@code keyPrefix + key}.
 */
public record OssSettings(String endpoint, String publicEndpoint, String region, String bucket, String accessKeyId,
        String accessKeySecret, String keyPrefix, long partSize) {

    private static final String PREFIX = "yuntu.file.oss.";
    /** OSS refuses smaller parts, except the last one of an upload. */
    public static final long MIN_PART_SIZE = 100 * 1024;
    /** OSS' largest part number. */
    public static final int MAX_PARTS = 10_000;

    /**
     * @param maxObjectSize the largest object an upload may bring, which must fit in {@link #MAX_PARTS} parts
     * @throws IllegalStateException naming every missing property, so one restart fixes them all
     */
    public static OssSettings from(FileConfig.Oss oss, long maxObjectSize) {
        List<String> missing = new ArrayList<>();
        String endpoint = required(oss.endpoint(), "endpoint", missing);
        String region = required(oss.region(), "region", missing);
        String bucket = required(oss.bucket(), "bucket", missing);
        String id = required(oss.accessKeyId(), "access-key-id", missing);
        String secret = required(oss.accessKeySecret(), "access-key-secret", missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("yuntu.file.backend=oss needs " + String.join(", ", missing));
        }
        String prefix = oss.keyPrefix().map(String::strip).filter(p -> !p.isEmpty())
                .map(p -> p.endsWith("/") ? p : p + "/").orElse("");
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw new IllegalStateException(PREFIX + "key-prefix must be relative without empty segments: " + prefix);
        }
        long partSize = oss.partSize().asLongValue();
        if (partSize < MIN_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(PREFIX + "part-size must be between 100K and 2G: " + partSize);
        }
        if (partSize * MAX_PARTS < maxObjectSize) {
            throw new IllegalStateException(PREFIX + "part-size " + partSize + " times " + MAX_PARTS
                    + " parts is less than yuntu.file.max-object-size " + maxObjectSize);
        }
        return new OssSettings(endpoint, oss.publicEndpoint().filter(e -> !e.isBlank()).orElse(endpoint), region,
                bucket, id, secret, prefix, partSize);
    }

    private static String required(Optional<String> value, String name, List<String> missing) {
        if (value.isEmpty() || value.get().isBlank()) {
            missing.add(PREFIX + name);
            return null;
        }
        return value.get().strip();
    }

    /** The OSS object name of a key (or of a staging name, which no key can equal). */
    public String objectName(String key) {
        return keyPrefix + key;
    }

    @Override
    public String toString() {
        // Never the secret: this record is logged at start.
        return "OssSettings[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", region=" + region
                + ", bucket=" + bucket + ", accessKeyId=" + accessKeyId + ", keyPrefix=" + keyPrefix + ", partSize=" + partSize + "]";
    }
}
