package cloud.yuntu.platform.client;

import java.time.Instant;
import java.util.List;

/**
 * The contents a task of {@code owner} uses, for file-service to hold until the task ends
 * ({@code PUT /api/assets/manifests/{taskId}}). Listed in the task's own order (a content may
 * appear more than once): a refusal names the entries by their place, {@code assets[i].sha256}.
 *
 * @param owner the task's owner, who must have uploaded every content with exactly that size
 * @param heldFrom when the task's service decided to hold the contents (the submission or the
 *        retry of an ended task), in the clock of the task events: file-service holds nothing for
 *        a retain at or before an end of the task it has seen already (a copy delayed past the
 *        task's life), and an end releases only what was held before it. Null (a client before this
 *        field): held until the task's next end, whenever the retain arrives
 */
public record ManifestRequest(String owner, List<Content> assets, Instant heldFrom) {

    /** A retain without {@code heldFrom}: the next end of the task releases it. */
    public ManifestRequest(String owner, List<Content> assets) {
        this(owner, assets, null);
    }

    /** One content by its SHA-256 (64 lowercase hex digits) and size in bytes. */
    public record Content(String sha256, long size) {
    }
}
