package cloud.yuntu.task.scene;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scene's object key, {@code scenes/YYYYMMDD/<sceneId>/<fileName>}. file-service chooses the
 * scene id at upload; any number of its owner's tasks may render the scene, so the key names no
 * task.
 */
public record SceneKey(String key, UUID sceneId, String fileName) {

    private static final Pattern FORM = Pattern.compile(
            "scenes/\\d{8}/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/([^/]+)");

    public static Optional<SceneKey> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SceneKey(key, UUID.fromString(m.group(1)), m.group(2)));
    }

    /** The name Maya gives images by default: the file name without its extension. */
    public String baseName() {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
