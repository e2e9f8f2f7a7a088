package cloud.yuntu.platform.identity;

import java.util.UUID;

/**
 * What a render agent holding one frame job may do in file-service: read that job's scene, and
 * write objects under that task's result prefix; nothing else. task-service signs it into every
 * job it releases ({@link JobGrants}); file-service checks it on every presign of an agent.
 *
 * @param sceneKey the one object the agent may read
 * @param resultKeyPrefix {@code results/YYYYMMDD/<taskId>/}: the agent may write below it
 */
public record JobGrant(UUID taskId, String sceneKey, String resultKeyPrefix) {

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
