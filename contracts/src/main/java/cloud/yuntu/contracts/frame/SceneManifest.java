package cloud.yuntu.contracts.frame;

import java.util.List;

/**
 * What an agent must fetch before rendering: the scene and the assets it references (the task's
 * project). {@code path} of an asset is where the scene expects it, relative to the scene's folder.
 */
public record SceneManifest(StoredObject scene, String sceneFileName, List<Asset> assets) {

    public SceneManifest {
        assets = assets == null ? List.of() : List.copyOf(assets);
    }

    /** Where file-service keeps content-addressed assets: identity is the content's SHA-256. */
    public static final String ASSET_KEY_PREFIX = "assets/sha256/";

    /**
     * @param path where the scene expects the file, relative to the scene's folder ({@code ../} may
     *        lead above it: the agent builds a project tree deep enough)
     */
    public record Asset(String path, StoredObject object) {

        /** An asset known by its content: stored at {@code assets/sha256/<hex>}. */
        public static Asset of(String path, String sha256, long size) {
            return new Asset(path, new StoredObject(ASSET_KEY_PREFIX + sha256, size, sha256, null, null));
        }
    }
}
