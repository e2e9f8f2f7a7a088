package cloud.yuntu.agent.transfer;

import cloud.yuntu.contracts.frame.SceneManifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a job's project goes on disk. Asset paths are relative to the scene's folder and may lead
 * above it ({@code ../textures/a.png}, as scenes kept in a project's {@code scenes} folder write
 * them), so the scene is placed as many folders deep inside the project root as its assets climb:
 * every file lands inside the root and the scene is opened unchanged. Maya is given the scene's
 * folder as its project ({@code -proj}), so relative paths resolve from there as the manifest
 * means them. A pure rule.
 *
 * @param sceneFolder the scene's folder inside the project root
 * @param scene the scene file
 * @param assets each asset's place, by its manifest path
 */
public record ProjectLayout(Path root, Path sceneFolder, Path scene, Map<String, Path> assets) {

    /** Maya's own name for a project's scene folder; deeper levels only when the assets climb further. */
    static final String SCENES = "scenes";

    public static ProjectLayout of(Path root, SceneManifest manifest) throws TransferFailed {
        Path normalRoot = root.toAbsolutePath().normalize();
        int up = 0;
        for (SceneManifest.Asset asset : manifest.assets()) {
            up = Math.max(up, levelsUp(asset.path()));
        }
        Path sceneFolder = normalRoot;
        for (int level = 1; level <= up; level++) {
            sceneFolder = sceneFolder.resolve(level == 1 ? SCENES : SCENES + level);
        }
        Path scene = place(normalRoot, sceneFolder, manifest.sceneFileName());
        Map<String, Path> assets = new LinkedHashMap<>();
        for (SceneManifest.Asset asset : manifest.assets()) {
            Path at = place(normalRoot, sceneFolder, asset.path());
            if (at.equals(scene)) {
                throw new TransferFailed("Manifest path " + asset.path() + " is the scene itself", false, null);
            }
            assets.put(asset.path(), at);
        }
        return new ProjectLayout(normalRoot, sceneFolder, scene, Map.copyOf(assets));
    }

    /** Leading {@code ..} segments of a manifest path. */
    static int levelsUp(String path) {
        int up = 0;
        for (String segment : path.replace('\\', '/').split("/")) {
            if (!segment.equals("..")) {
                break;
            }
            up++;
        }
        return up;
    }

    /** Rejects manifest paths that are absolute or would leave the project root. */
    private static Path place(Path root, Path sceneFolder, String relative) throws TransferFailed {
        String path = relative.replace('\\', '/');
        if (path.isEmpty() || path.startsWith("/") || path.matches("[A-Za-z]:.*")) {
            throw new TransferFailed("Manifest path " + relative + " is not relative to the scene's folder", false, null);
        }
        Path resolved = sceneFolder.resolve(path).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root) || resolved.equals(sceneFolder)) {
            throw new TransferFailed("Manifest path " + relative + " leaves the project folder", false, null);
        }
        return resolved;
    }
}
