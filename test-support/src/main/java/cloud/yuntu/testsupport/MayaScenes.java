package cloud.yuntu.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared corpus of real Maya scenes, which lives beside the repository as
 * {@code ../shared/maya-scenes}. Found by walking up from the working directory, so module tests,
 * the e2e run and a CI checkout anywhere all read the same files; {@code -Dyuntu.maya-scenes}
 * points elsewhere.
 */
public final class MayaScenes {

    public static final Path DIR = locate();

    private MayaScenes() {
    }

    public static Path scene(String fileName) {
        return DIR.resolve(fileName);
    }

    private static Path locate() {
        String configured = System.getProperty("yuntu.maya-scenes");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/maya-scenes");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No shared/maya-scenes beside the repository or above "
                + Path.of("").toAbsolutePath() + "; set -Dyuntu.maya-scenes");
    }
}
