package cloud.yuntu.file.storage;

import cloud.yuntu.platform.problem.ProblemException;
import java.util.Optional;

/**
 * Which writes may replace what a key holds. A confirmed result is immutable: the list of a task's
 * results names its digest, so its bytes may never change. Until its frame is confirmed a result may
 * be written again (a retried frame writes the same keys). Scenes are written once, by the server,
 * under a key it chose. Assets never come through here (their upload has rules of its own).
 */
public final class OverwriteRule {

    private OverwriteRule() {
    }

    /** Why {@code key} may not be written now; empty when it may. */
    public static Optional<ProblemException> refusal(ObjectKey key, ExistingObject existing) {
        if (existing.confirmedSha256().isPresent()) {
            return Optional.of(new ConfirmedObjectConflict(key, existing.confirmedSha256().get()));
        }
        if (existing.stored() && KeyLayout.kindOf(key).filter(kind -> kind != KeyLayout.Kind.RESULT).isPresent()) {
            return Optional.of(ProblemException.conflict("object-exists", "Object exists",
                    key + " is written once and exists already; it cannot be replaced"));
        }
        return Optional.empty();
    }
}
