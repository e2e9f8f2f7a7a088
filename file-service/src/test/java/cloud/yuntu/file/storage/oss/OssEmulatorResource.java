package cloud.yuntu.file.storage.oss;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts an {@link OssEmulator} for a Quarkus application and points the OSS backend at it
 * (objects under the key prefix {@code farm-test/}). Inject it with {@link InjectOssEmulator}.
 */
public class OssEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_PREFIX = "farm-test/";

    private static volatile OssEmulator running;

    private OssEmulator emulator;

    /** Whether {@code url} points at the emulator of the running application. */
    public static boolean serves(String url) {
        OssEmulator current = running;
        return current != null && url.startsWith(current.endpoint() + "/");
    }

    @Override
    public Map<String, String> start() {
        emulator = OssEmulator.start();
        running = emulator;
        return Map.of("yuntu.file.backend", "oss",
                "yuntu.file.oss.endpoint", emulator.endpoint(),
                "yuntu.file.oss.region", OssEmulator.REGION,
                "yuntu.file.oss.bucket", OssEmulator.BUCKET,
                "yuntu.file.oss.access-key-id", OssEmulator.ACCESS_KEY_ID,
                "yuntu.file.oss.access-key-secret", OssEmulator.ACCESS_KEY_SECRET,
                "yuntu.file.oss.key-prefix", KEY_PREFIX,
                // Small parts, so that uploads of a few hundred KB already go in several parts.
                "yuntu.file.oss.part-size", "128K");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(emulator, new TestInjector.AnnotatedAndMatchesType(InjectOssEmulator.class, OssEmulator.class));
    }

    @Override
    public void stop() {
        if (running == emulator) {
            running = null;
        }
        emulator.close();
    }
}
