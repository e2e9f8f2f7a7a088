package cloud.yuntu.file.upload;

import java.text.Normalizer;

/**
 * The file name part of a scene key, derived from whatever name the client sent: directories
 * (either separator) dropped, anything outside {@code [A-Za-z0-9._-]} replaced by '_', no
 * leading dots, bounded length with the extension kept, since Maya tells .ma from .mb by it.
 */
public final class SceneFileName {

    static final int MAX_LENGTH = 200;
    static final String FALLBACK = "scene";

    private SceneFileName() {
    }

    public static String sanitize(String clientName) {
        String name = clientName == null ? "" : clientName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        name = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^[.]+", "");
        if (name.isEmpty() || name.chars().allMatch(c -> c == '_')) {
            return FALLBACK;
        }
        if (name.length() > MAX_LENGTH) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            name = name.substring(0, MAX_LENGTH - extension.length()) + extension;
        }
        return name;
    }
}
