package cloud.yuntu.platform.identity;

import cloud.yuntu.contracts.frame.SceneManifest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a render agent holding one frame job may do in file-service: read that job's scene and the
 * project files its owner uploaded, and write objects under that task's result prefix; nothing
 * else. task-service signs it into every job it releases ({@link JobGrants}); file-service checks
 * it on every presign of an agent.
 *
 * @param ownerId the task's owner: the agent may read assets (content-addressed) that this user
 *        uploaded, which file-service checks; null in grants that name no owner (they read no asset)
 * @param sceneKey the one scene the agent may read
 * @param resultKeyPrefix {@code results/YYYYMMDD/<taskId>/}: the agent may write below it
 */
public record JobGrant(UUID taskId, String ownerId, String sceneKey, String resultKeyPrefix) {

    private static final Pattern ASSET_KEY = Pattern.compile(Pattern.quote(SceneManifest.ASSET_KEY_PREFIX) + "([0-9a-f]{64})");

    /**
     * The content an agent holding this grant asks to read when {@code key} is an asset key
     * ({@code assets/sha256/<hex>}): allowed only if {@link #ownerId} uploaded it, which only
     * file-service knows. Empty for any other key or method, or a grant naming no owner.
     */
    public Optional<String> assetToRead(String method, String key) {
        if (ownerId == null || !"GET".equals(method) || key == null) {
            return Optional.empty();
        }
        Matcher asset = ASSET_KEY.matcher(key);
        return asset.matches() ? Optional.of(asset.group(1)) : Optional.empty();
    }

    /** Whether an agent holding this grant may use {@code method} ({@code GET} or {@code PUT}) on {@code key}. */
    public boolean allows(String method, String key) {
        if (key == null || key.contains("..") || key.contains("//") || key.startsWith("/")) {
            return false;
        }
        return switch (method) {
            case "GET" -> key.equals(sceneKey);
            case "PUT" -> resultKeyPrefix.endsWith("/") && key.startsWith(resultKeyPrefix)
                    && key.length() > resultKeyPrefix.length();
            default -> false;
        };
    }
}
