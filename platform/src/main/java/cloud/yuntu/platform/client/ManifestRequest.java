package cloud.yuntu.platform.client;

import java.util.List;

/**
 * The contents a task of {@code owner} uses, for file-service to hold until the task ends
 * ({@code PUT /api/assets/manifests/{taskId}}). Listed in the task's own order (a content may
 * appear more than once): a refusal names the entries by their place, {@code assets[i].sha256}.
 *
 * @param owner the task's owner, who must have uploaded every content with exactly that size
 */
public record ManifestRequest(String owner, List<Content> assets) {

    /** One content by its SHA-256 (64 lowercase hex digits) and size in bytes. */
    public record Content(String sha256, long size) {
    }
}
