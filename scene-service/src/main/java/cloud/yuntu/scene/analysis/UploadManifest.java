package cloud.yuntu.scene.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files a user uploaded beside the scene, as paths relative to the scene's folder. A
 * dependency counts as uploaded when an uploaded path equals a trailing part of its path,
 * component by component: {@code sourceimages/a.png} or {@code a.png} both satisfy
 * {@code C:/proj/sourceimages/a.png} (the farm rebuilds the project tree from what it has).
 * Comparison ignores case and slash direction, as Windows artists' paths require.
 */
public final class UploadManifest {

    private final Set<String> paths = new HashSet<>();
    private final List<String> ordered = new ArrayList<>();

    private UploadManifest(List<String> uploaded) {
        for (String path : uploaded) {
            String normal = normalise(path);
            if (!normal.isEmpty() && paths.add(normal)) {
                ordered.add(normal);
            }
        }
    }

    public static UploadManifest of(List<String> uploadedPaths) {
        return new UploadManifest(uploadedPaths);
    }

    public boolean contains(String dependencyPath, boolean sequence) {
        String normal = normalise(dependencyPath);
        if (normal.isEmpty()) {
            return true;
        }
        if (sequence) {
            return containsPattern(normal);
        }
        String[] parts = normal.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (paths.contains(String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)))) {
                return true;
            }
        }
        return false;
    }

    private boolean containsPattern(String normal) {
        Pattern whole = FilePattern.matcher(normal);
        String[] parts = normal.split("/");
        for (int i = 0; i < parts.length; i++) {
            Pattern tail = FilePattern.matcher(String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length)));
            for (String uploaded : ordered) {
                if (tail.matcher(uploaded).matches() || whole.matcher(uploaded).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    static String normalise(String path) {
        String p = path.trim().replace('\\', '/').toLowerCase(Locale.ROOT);
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        p = p.replaceAll("/+", "/");
        p = p.replaceAll("/\\./", "/");
        // Leading ../ steps lead outside the scene folder: only the rest can be matched.
        while (p.startsWith("../")) {
            p = p.substring(3);
        }
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
