package cloud.yuntu.contracts.frame;

import java.util.List;

/**
 * What an agent must fetch before rendering: the scene and the assets it references.
 * {@code path} of an asset is where the scene expects it, relative to the scene's folder.
 */
public record SceneManifest(StoredObject scene, String sceneFileName, List<Asset> assets) {

    public SceneManifest {
        assets = assets == null ? List.of() : List.copyOf(assets);
    }

    public record Asset(String path, StoredObject object) {
    }
}
